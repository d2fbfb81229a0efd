using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>All in virtual time: the clock moves only when a test advances it.</summary>
public sealed class ExpirySchedulerTests : IDisposable
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly ManualTimeProvider _time = new();
    private readonly List<(Subscription Subscription, DateTimeOffset At)> _fired = [];
    private readonly ExpiryScheduler _scheduler;

    public ExpirySchedulerTests() =>
        _scheduler = new ExpiryScheduler(_time, s => _fired.Add((s, _time.GetUtcNow())));

    public void Dispose() => _scheduler.Dispose();

    private Subscription Scheduled(TimeSpan expiresIn)
    {
        var s = TestSubscriptions.Create(_time, expiresIn);
        _scheduler.Schedule(s, s.ExpiresAtTicks);
        return s;
    }

    [Fact]
    public void Fires_at_expiry_and_not_before()
    {
        var s = Scheduled(TimeSpan.FromSeconds(60));

        _time.Advance(TimeSpan.FromSeconds(60) - OneTick);
        Assert.Empty(_fired);

        _time.Advance(OneTick);
        var fired = Assert.Single(_fired);
        Assert.Same(s, fired.Subscription);
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(60), fired.At);
    }

    [Fact]
    public void Fires_once()
    {
        Scheduled(TimeSpan.FromSeconds(60));

        _time.AdvanceSeconds(3600);

        Assert.Single(_fired);
    }

    [Fact]
    public void A_refresh_moves_the_expiry_and_the_old_entry_is_skipped()
    {
        var s = Scheduled(TimeSpan.FromSeconds(60));
        _time.AdvanceSeconds(30);

        s.ExpiresAtTicks = ManualTimeProvider.Start.AddSeconds(150).UtcTicks;
        _scheduler.Schedule(s, s.ExpiresAtTicks);
        _time.AdvanceSeconds(119);
        Assert.Empty(_fired);

        _time.AdvanceSeconds(1);
        var fired = Assert.Single(_fired);
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(150), fired.At);

        _time.AdvanceSeconds(3600);
        Assert.Single(_fired);
    }

    [Fact]
    public void A_refresh_that_shortens_fires_at_the_new_time_only()
    {
        var s = Scheduled(TimeSpan.FromSeconds(3600));

        s.ExpiresAtTicks = ManualTimeProvider.Start.AddSeconds(90).UtcTicks;
        _scheduler.Schedule(s, s.ExpiresAtTicks);
        _time.AdvanceSeconds(7200);

        var fired = Assert.Single(_fired);
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(90), fired.At);
    }

    [Fact]
    public void Many_subscriptions_fire_in_expiry_order_each_at_its_own_time()
    {
        int[] seconds = [500, 60, 3600, 61, 90, 60, 1200];
        var subscriptions = seconds.Select(t => Scheduled(TimeSpan.FromSeconds(t))).ToArray();

        _time.AdvanceSeconds(3600);

        var expected = subscriptions.Zip(seconds).OrderBy(p => p.Second).Select(p => (p.First, ManualTimeProvider.Start.AddSeconds(p.Second)));
        Assert.Equal(expected, _fired);
    }

    [Fact]
    public void Subscriptions_scheduled_while_the_timer_is_armed_later_still_fire_first()
    {
        var late = Scheduled(TimeSpan.FromSeconds(600));
        _time.AdvanceSeconds(100);
        var early = Scheduled(TimeSpan.FromSeconds(60));

        _time.AdvanceSeconds(60);
        Assert.Equal([early], _fired.Select(f => f.Subscription));

        _time.AdvanceSeconds(440);
        Assert.Equal([early, late], _fired.Select(f => f.Subscription));
    }

    [Fact]
    public void An_ended_subscription_never_fires()
    {
        var ended = Scheduled(TimeSpan.FromSeconds(60));
        var live = Scheduled(TimeSpan.FromSeconds(120));
        ended.Ended = true;

        _time.AdvanceSeconds(3600);

        Assert.Equal([live], _fired.Select(f => f.Subscription));
    }

    [Fact]
    public void Ending_after_scheduling_a_refresh_still_stops_it()
    {
        var s = Scheduled(TimeSpan.FromSeconds(60));
        s.ExpiresAtTicks = ManualTimeProvider.Start.AddSeconds(120).UtcTicks;
        _scheduler.Schedule(s, s.ExpiresAtTicks);

        s.Ended = true;
        _time.AdvanceSeconds(3600);

        Assert.Empty(_fired);
    }
}
