using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class TransactionTimersTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly List<string> _fired = [];

    private TransactionTimer Start(TransactionTimers timers, double seconds, string name) =>
        timers.Start(TimeSpan.FromSeconds(seconds), (s, _) => _fired.Add((string)s), name);

    [Fact]
    public void Timers_fire_at_their_due_time_in_order_across_delays()
    {
        using var timers = new TransactionTimers(_time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Start(timers, 4, "T2");
        Start(timers, 0.5, "T1");
        _time.AdvanceSeconds(1);
        Start(timers, 0.5, "T1 again");

        _time.AdvanceSeconds(0.49);
        Assert.Equal(["T1"], _fired);
        _time.AdvanceSeconds(0.01);
        Assert.Equal(["T1", "T1 again"], _fired);
        _time.AdvanceSeconds(2.5);
        Assert.Equal(["T1", "T1 again", "T2"], _fired);
        Assert.Equal(0, timers.Pending);
    }

    [Fact]
    public void A_long_delay_fires_timers_due_within_a_sixty_fourth_of_it_together()
    {
        using var timers = new TransactionTimers(_time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Start(timers, 32, "J1");
        _time.AdvanceSeconds(0.1);
        Start(timers, 32, "J2");
        Start(timers, 0.5, "E1");
        _time.AdvanceSeconds(0.02);
        Start(timers, 0.5, "E2");

        // A short delay waits at most 10 ms for the next: E2 is due 20 ms after E1.
        _time.AdvanceSeconds(0.5);
        Assert.Equal(["E1", "E2"], _fired);

        // J2 is due 0.1 s after J1, within 32 s / 64 = 0.5 s: it waits for that.
        _time.AdvanceSeconds(31.38);
        Assert.Equal(["E1", "E2", "J1"], _fired);
        _time.AdvanceSeconds(0.49);
        Assert.Equal(["E1", "E2", "J1"], _fired);
        _time.AdvanceSeconds(0.01);
        Assert.Equal(["E1", "E2", "J1", "J2"], _fired);
    }

    [Fact]
    public void A_cancelled_timer_never_fires_and_stops_counting_at_once()
    {
        using var timers = new TransactionTimers(_time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var f = Start(timers, 32, "F");
        Start(timers, 32, "J");
        Assert.Equal(2, timers.Pending);

        f.Dispose();
        Assert.Equal(1, timers.Pending);
        _time.AdvanceSeconds(40);
        Assert.Equal(["J"], _fired);
        Assert.Equal(0, timers.Pending);
    }

    [Fact]
    public void A_queue_whose_timers_are_cancelled_wakes_only_for_the_live_ones()
    {
        // As Timer E under load: a NOTIFY a millisecond for 100 ms, each answered (its timer cancelled) at once but the last.
        using var timers = new TransactionTimers(_time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        for (var i = 0; i < 99; i++)
        {
            Start(timers, 0.5, $"E{i}").Dispose();
            _time.AdvanceSeconds(0.001);
        }

        Start(timers, 0.5, "unanswered");
        var before = _time.Fires;

        _time.AdvanceSeconds(0.499);
        Assert.Empty(_fired);
        _time.AdvanceSeconds(0.001);
        Assert.Equal(["unanswered"], _fired);

        // Once for the cancelled head, once for the live timer; re-arming for each cancelled head woke it every 10 ms.
        Assert.Equal(2, _time.Fires - before);
    }

    [Fact]
    public void A_callback_may_start_the_next_timer_on_the_same_delay()
    {
        using var timers = new TransactionTimers(_time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var count = 0;
        void Rearm(object state, int token)
        {
            if (++count < 4)
            {
                timers.Start(TimeSpan.FromSeconds(4), Rearm, this);
            }
        }

        timers.Start(TimeSpan.FromSeconds(4), Rearm, this);
        _time.AdvanceSeconds(15.9);
        Assert.Equal(3, count);
        _time.AdvanceSeconds(0.1);
        Assert.Equal(4, count);
        Assert.Equal(0, timers.Pending);
    }

    [Fact]
    public void Firing_twice_or_after_cancel_is_harmless()
    {
        using var timers = new TransactionTimers(_time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var t = Start(timers, 1, "once");
        _time.AdvanceSeconds(1);
        t.Dispose();
        Assert.Equal(["once"], _fired);
        Assert.Equal(0, timers.Pending);
    }
}
