namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// The time a received message is handled at, read once: the layer looks up and adds completed-transaction entries and
/// starts timers several times for one message, and each read of the clock cost a system call's worth of time. Kept
/// per thread and per <see cref="TimeProvider"/> (tests run stacks with their own clocks on one thread); outside a
/// message, as on timer threads, the clock is read at each use.
/// </summary>
internal static class MessageClock
{
    [ThreadStatic]
    private static TimeProvider? t_time;

    [ThreadStatic]
    private static long t_ticks;

    /// <summary>Now in UTC ticks: the current message's time on this thread when it is by <paramref name="time"/>.</summary>
    public static long UtcTicks(TimeProvider time) => ReferenceEquals(t_time, time) ? t_ticks : time.GetUtcNow().UtcTicks;

    /// <summary>Reads <paramref name="time"/> for the message handled on this thread until the scope ends.</summary>
    public static Scope Enter(TimeProvider time)
    {
        var outer = new Scope(t_time, t_ticks);
        t_time = time;
        t_ticks = time.GetUtcNow().UtcTicks;
        return outer;
    }

    /// <summary>Puts back the clock of the message around this one, if any (a transport may deliver one inside another).</summary>
    public readonly struct Scope(TimeProvider? time, long ticks) : IDisposable
    {
        public void Dispose()
        {
            t_time = time;
            t_ticks = ticks;
        }
    }
}
