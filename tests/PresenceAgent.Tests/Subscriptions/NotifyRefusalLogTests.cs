using Microsoft.Extensions.Logging;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// How a watcher answers our NOTIFYs is the watcher's choice: its ms-diagnostics reach the log cut and escaped, and
/// a watcher refusing every NOTIFY gets one line a minute, with the count of those left out.
/// </summary>
public sealed class NotifyRefusalLogTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly FakeRequestSender _sender = new();
    private readonly SubscriptionTable _table;
    private readonly Notifier _notifier;

    public NotifyRefusalLogTests()
    {
        _table = new SubscriptionTable(_time);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"));
        _notifier = new Notifier(_sender, bodies, _table, _time, _logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
    }

    public void Dispose() => _table.Dispose();

    private async Task RefuseNextAsync(int n, string diagnostics)
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromHours(1));
        Assert.True(_table.TryAdd(s, out _));
        _notifier.Notify(s, SubscriptionStatus.Active);
        var refusal = new SipResponse(480);
        refusal.Headers.Add("ms-diagnostics", diagnostics);
        (await _sender.WaitForAsync(n).Within()).Complete(ClientTransactionResult.FromResponse(refusal));
        await _notifier.DrainAsync(CancellationToken.None).Within();
    }

    private List<CollectedLog> Ended() => [.. _logs.Entries.Where(e => e.EventId.Name == "SubscriptionEndedByNotifyResponse")];

    [Fact]
    public async Task Diagnostics_are_cut_and_escaped()
    {
        await RefuseNextAsync(1, "4005;reason=\"User not found\"\r\nX-Injected: yes\u0000\u00e9" + new string('x', 5000));

        var line = Assert.Single(Ended()).Message;
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\u0000', line);
        Assert.Contains("4005;reason=\"User not found\"??X-Injected: yes??xxx", line, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', SipFailure.MaxDetailLength), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_refusing_every_notify_is_logged_once_a_minute_with_the_count()
    {
        for (var i = 1; i <= 5; i++)
        {
            await RefuseNextAsync(i, "4005");
        }

        Assert.Single(Ended());
        Assert.Equal(0, _table.Count);

        _time.AdvanceSeconds(60);
        await RefuseNextAsync(6, "4005");

        var lines = Ended();
        Assert.Equal(2, lines.Count);
        Assert.Contains("4 more such", lines[1].Message, StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(LogLevel.Information, l.Level));
    }
}
