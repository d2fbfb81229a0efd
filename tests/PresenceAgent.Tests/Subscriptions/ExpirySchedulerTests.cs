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
        _scheduler = new ExpiryScheduler(_time, s => _fired.Add((s, _time.GetUtcNow())), (_, ex) => Assert.Fail(ex.ToString()));

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
    public void A_refresh_moves_the_expiry_and_it_fires_once()
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
    public void A_cancelled_subscription_never_fires_and_leaves_the_heap()
    {
        var cancelled = Scheduled(TimeSpan.FromSeconds(60));
        var live = Scheduled(TimeSpan.FromSeconds(120));

        _scheduler.Cancel(cancelled);
        Assert.Equal(1, _scheduler.Count);
        Assert.Equal(-1, cancelled.ExpirySlot);
        _time.AdvanceSeconds(3600);

        Assert.Equal([live], _fired.Select(f => f.Subscription));
        Assert.Equal(0, _scheduler.Count);
    }

    [Fact]
    public void An_ended_subscription_cannot_be_rescheduled_by_a_racing_refresh()
    {
        var s = Scheduled(TimeSpan.FromSeconds(60));
        s.Ended = true;
        _scheduler.Cancel(s);

        _scheduler.Schedule(s, ManualTimeProvider.Start.AddSeconds(120).UtcTicks);
        _time.AdvanceSeconds(3600);

        Assert.Empty(_fired);
        Assert.Equal(0, _scheduler.Count);
    }

    [Fact]
    public void Cancelling_twice_or_after_firing_is_harmless()
    {
        var s = Scheduled(TimeSpan.FromSeconds(60));
        _time.AdvanceSeconds(60);
        _scheduler.Cancel(s);
        _scheduler.Cancel(s);

        Assert.Single(_fired);
        Assert.Equal(0, _scheduler.Count);
    }

    [Fact]
    public void Random_schedules_refreshes_and_cancels_fire_exactly_as_a_sorted_model_says()
    {
        var random = new Random(6665);
        var due = new Dictionary<Subscription, long>();
        for (var step = 0; step < 4000; step++)
        {
            var roll = random.Next(10);
            if (roll < 5 || due.Count == 0)
            {
                var s = Scheduled(TimeSpan.FromSeconds(random.Next(1, 5000)));
                due[s] = s.ExpiresAtTicks;
            }
            else
            {
                var s = due.Keys.ElementAt(random.Next(due.Count));
                if (roll < 8)
                {
                    var at = _time.GetUtcNow().AddSeconds(random.Next(1, 5000)).UtcTicks;
                    s.ExpiresAtTicks = at;
                    _scheduler.Schedule(s, at);
                    due[s] = at;
                }
                else
                {
                    _scheduler.Cancel(s);
                    due.Remove(s);
                }
            }

            if (step % 100 == 99)
            {
                _time.AdvanceSeconds(random.Next(1, 200));
                foreach (var (s, at) in due.Where(p => p.Value <= _time.GetUtcNow().UtcTicks).ToList())
                {
                    due.Remove(s);
                }
            }
        }

        Assert.Equal(due.Count, _scheduler.Count);
        var firedBefore = _fired.Count;
        _time.AdvanceSeconds(10_000);

        var expected = due.OrderBy(p => p.Value).Select(p => p.Value);
        Assert.Equal(expected, _fired.Skip(firedBefore).Select(f => f.Subscription.ExpiresAtTicks));
        Assert.All(_fired, f => Assert.Equal(f.Subscription.ExpiresAtTicks, f.At.UtcTicks));
    }
}
