using Microsoft.Extensions.Logging;
using PresenceAgent.Logging;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// An expiry handler that throws, in virtual time: the timer fires on, the other subscriptions due still expire, the
/// faulty one leaves the table, and the fault is one Error, not one per expiry.
/// </summary>
public sealed class ExpiryFaultTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly SubscriptionTable _table;
    private readonly List<Subscription> _expired = [];

    public ExpiryFaultTests() =>
        _table = new SubscriptionTable(_time, new SubscriptionOptions(), _logs.CreateLogger<SubscriptionTable>(), new PeerLogSampler(_time));

    public void Dispose() => _table.Dispose();

    private Subscription Add(int seconds)
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromSeconds(seconds));
        Assert.True(_table.TryAdd(s, out _));
        return s;
    }

    [Fact]
    public void A_throwing_expiry_handler_costs_its_own_subscription_and_nothing_else()
    {
        var bad = Add(60);
        var sameTime = Add(60);
        var later = Add(120);
        _table.Expired += s =>
        {
            if (ReferenceEquals(s, bad))
            {
                throw new InvalidOperationException("a bug in an expiry handler");
            }

            _expired.Add(s);
        };

        _time.AdvanceSeconds(60);
        _time.AdvanceSeconds(60);

        Assert.Equal([sameTime, later], _expired);
        Assert.True(bad.Ended);
        Assert.False(_table.TryGet(bad.Dialog.Id, out _));
        Assert.Equal(0, _table.ScheduledCount);
        var error = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("ExpiryFailed", error.EventId.Name);
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    [Fact]
    public void A_fault_on_every_expiry_is_logged_once_an_interval_with_the_count()
    {
        for (var i = 0; i < 50; i++)
        {
            Add(60);
        }

        Add(60 + 3600);
        _table.Expired += _ => throw new InvalidOperationException("always");

        _time.AdvanceSeconds(60);
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);

        _time.AdvanceSeconds(3600);
        var errors = _logs.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains("49 more such faults", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(0, _table.Count);
    }
}
