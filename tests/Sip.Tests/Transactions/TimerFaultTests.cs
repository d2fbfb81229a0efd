using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>A timer callback that throws is logged once at Error and stops nothing else: not its queue, not other delays.</summary>
public sealed class TimerFaultTests
{
    [Fact]
    public void A_throwing_callback_does_not_stop_other_timers()
    {
        var time = new ManualTimeProvider();
        var logs = new TestLogs();
        using var timers = new TransactionTimers(time, logs.CreateLogger("timers"));
        var fired = new List<string>();

        timers.Start(TimeSpan.FromSeconds(1), (_, _) => throw new InvalidOperationException("boom"), "bad");
        timers.Start(TimeSpan.FromSeconds(1), (s, _) => fired.Add((string)s), "same delay, queued behind it");
        timers.Start(TimeSpan.FromSeconds(2), (s, _) => fired.Add((string)s), "other delay");
        time.AdvanceSeconds(2);

        Assert.Equal(["same delay, queued behind it", "other delay"], fired);
        Assert.Equal(1, logs.Count(2008));
        Assert.Equal(0, timers.Pending);

        // The queue that saw the fault still runs later timers.
        timers.Start(TimeSpan.FromSeconds(1), (s, _) => fired.Add((string)s), "later");
        time.AdvanceSeconds(1);
        Assert.Equal("later", fired[^1]);
        logs.AssertNoUnexpectedErrors(2008);
    }
}
