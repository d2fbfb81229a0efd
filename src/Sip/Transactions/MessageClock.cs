namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// The time a received message is handled at, read once: the layer looks up and adds completed-transaction entries and
/// starts timers several times for one message, and each read of the clock cost a system call's worth of time. Kept
/// per thread and per <see cref="TimeProvider"/> (tests run stacks with their own clocks on one thread); outside a
/// message, as on timer threads, the clock is read at each use.
/// </summary>
internal static class MessageClock
{
    // One thread-static object rather than two thread-static fields: each thread-static access may cost a call.
    [ThreadStatic]
    private static Reading? t_reading;

    /// <summary>Now in UTC ticks: the current message's time on this thread when it is by <paramref name="time"/>.</summary>
    public static long UtcTicks(TimeProvider time) =>
        t_reading is { } reading && ReferenceEquals(reading.Time, time) ? reading.Ticks : time.GetUtcNow().UtcTicks;

    /// <summary>Reads <paramref name="time"/> for the message handled on this thread until the scope ends.</summary>
    public static Scope Enter(TimeProvider time)
    {
        var reading = t_reading ??= new Reading();
        var outer = new Scope(reading, reading.Time, reading.Ticks);
        reading.Time = time;
        reading.Ticks = time.GetUtcNow().UtcTicks;
        return outer;
    }

    /// <summary>Puts back the clock of the message around this one, if any (a transport may deliver one inside another).</summary>
    public readonly struct Scope(Reading reading, TimeProvider? time, long ticks) : IDisposable
    {
        public void Dispose()
        {
            reading.Time = time;
            reading.Ticks = ticks;
        }
    }

    /// <summary>The clock a thread's current message was read by, and what it read.</summary>
    internal sealed class Reading
    {
        public TimeProvider? Time { get; set; }

        public long Ticks { get; set; }
    }
}
