using System.Net;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>The table counts subscriptions in and out per source and per watcher, exactly, and shares a watcher's string.</summary>
public sealed class SubscriptionLimitsTests : IDisposable
{
    private static readonly SourceKey SourceA = SourceKey.Of(IPAddress.Parse("192.0.2.1"));
    private static readonly SourceKey SourceB = SourceKey.Of(IPAddress.Parse("2001:db8::1"));

    private readonly ManualTimeProvider _time = new();
    private readonly SubscriptionTable _table;

    public SubscriptionLimitsTests() =>
        _table = new SubscriptionTable(_time, new SubscriptionOptions { MaxSubscriptions = 5, MaxPerSource = 3, MaxPerWatcher = 2 });

    public void Dispose() => _table.Dispose();

    private Subscription New(SourceKey source, string watcher)
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromHours(1));
        return new ContactSubscription(s.Dialog, s.EventHeader, TestSubscriptions.AliceRoom, s.Entity, null, s.ExpiresAtTicks)
        {
            Source = source,
            WatcherKey = WatcherKey.Of(watcher),
        };
    }

    private SubscriptionLimit Add(SourceKey source, string watcher)
    {
        _table.TryAdd(New(source, watcher), out var refusedBy);
        return refusedBy;
    }

    [Fact]
    public void One_source_gets_its_limit_and_no_more()
    {
        Assert.Equal(SubscriptionLimit.None, Add(SourceA, "w1@example.org"));
        Assert.Equal(SubscriptionLimit.None, Add(SourceA, "w2@example.org"));
        Assert.Equal(SubscriptionLimit.None, Add(SourceA, "w3@example.org"));

        Assert.Equal(SubscriptionLimit.MaxPerSource, _table.Check(SourceA, trustedSource: false, WatcherKey.Of("w4@example.org")));
        Assert.Equal(SubscriptionLimit.MaxPerSource, Add(SourceA, "w4@example.org"));
        Assert.Equal(SubscriptionLimit.None, Add(SourceB, "w4@example.org"));
        Assert.Equal(4, _table.Count);
    }

    [Fact]
    public void A_trusted_source_has_no_per_source_limit_but_its_watchers_and_the_total_still_do()
    {
        var counts = new SubscriptionCounts(new SubscriptionOptions { MaxSubscriptions = 6, MaxPerSource = 3, MaxPerWatcher = 2 });
        for (var i = 0; i < 4; i++)
        {
            var w = $"user{i}@example.org";
            Assert.Equal(SubscriptionLimit.None, counts.TryTake(SourceA, trustedSource: true, WatcherKey.Of(w)));
        }

        var again = "user0@example.org";
        var untrusted = "user9@example.org";
        Assert.Equal(SubscriptionLimit.MaxPerSource, counts.Check(SourceA, trustedSource: false, WatcherKey.Of(untrusted)));
        Assert.Equal(SubscriptionLimit.None, counts.TryTake(SourceA, trustedSource: true, WatcherKey.Of(again)));
        Assert.Equal(SubscriptionLimit.MaxPerWatcher, counts.Check(SourceA, trustedSource: true, WatcherKey.Of("user0@example.org")));
        var sixth = "user5@example.org";
        var seventh = "user6@example.org";
        Assert.Equal(SubscriptionLimit.None, counts.TryTake(SourceA, trustedSource: true, WatcherKey.Of(sixth)));
        Assert.Equal(SubscriptionLimit.MaxSubscriptions, counts.TryTake(SourceA, trustedSource: true, WatcherKey.Of(seventh)));
    }

    [Fact]
    public void One_watcher_gets_its_limit_across_sources_whatever_the_case_of_its_address()
    {
        Assert.Equal(SubscriptionLimit.None, Add(SourceA, "alice@example.org"));
        Assert.Equal(SubscriptionLimit.None, Add(SourceB, "Alice@Example.ORG"));

        Assert.Equal(SubscriptionLimit.MaxPerWatcher, Add(SourceB, "ALICE@example.org"));
        Assert.Equal(SubscriptionLimit.None, Add(SourceB, "bob@example.org"));
    }

    [Fact]
    public void The_table_limit_holds_across_sources_and_watchers()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SubscriptionLimit.None, Add(i < 3 ? SourceA : SourceB, $"w{i}@example.org"));
        }

        Assert.Equal(SubscriptionLimit.MaxSubscriptions, Add(SourceB, "new@example.org"));
    }

    [Fact]
    public void A_subscription_that_ends_gives_its_place_back()
    {
        var first = New(SourceA, "alice@example.org");
        Assert.True(_table.TryAdd(first, out _));
        Assert.Equal(SubscriptionLimit.None, Add(SourceA, "alice@example.org"));
        Assert.Equal(SubscriptionLimit.MaxPerWatcher, _table.Check(SourceB, trustedSource: false, WatcherKey.Of("alice@example.org")));

        first.Ended = true;
        Assert.True(_table.Remove(first));
        Assert.False(_table.Remove(first));

        Assert.Equal(SubscriptionLimit.None, Add(SourceB, "alice@example.org"));
    }
}
