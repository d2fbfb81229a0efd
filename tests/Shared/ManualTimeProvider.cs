namespace PresenceAgent.Testing;

/// <summary>
/// Virtual time: the clock stands still until <see cref="Advance"/>, which moves it to each due timer in turn and fires
/// that timer on the calling thread. Stands in for Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider, which
/// the package registry here does not serve. Shared by every test project (tests/Directory.Build.props links it).
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Fires at one instant beyond which a timer that keeps re-arming itself for "now" is a bug in the code under test
    /// (with real time it would spin); the test fails instead of hanging.
    /// </summary>
    private const int MaxFiresPerInstant = 10_000;

    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _elapsed;
    private long _sequence;
    private int _fires;

    /// <summary>Virtual time since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _elapsed));

    /// <summary>Timers created and not disposed that are armed.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.Due != long.MaxValue);
            }
        }
    }

    /// <summary>Timer callbacks run so far: how often the code under test was woken.</summary>
    public int Fires => Volatile.Read(ref _fires);

    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    public override long GetTimestamp() => Volatile.Read(ref _elapsed);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, earliest first.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var target = Volatile.Read(ref _elapsed) + by.Ticks;
        var firesAtThisInstant = 0;
        while (true)
        {
            ManualTimer? next = null;
            lock (_lock)
            {
                foreach (var t in _timers)
                {
                    if (t.Due <= target && (next is null || t.Due < next.Due || (t.Due == next.Due && t.Sequence < next.Sequence)))
                    {
                        next = t;
                    }
                }

                if (next is null)
                {
                    break;
                }

                if (next.Due > _elapsed)
                {
                    Volatile.Write(ref _elapsed, next.Due);
                    firesAtThisInstant = 0;
                }
                else if (++firesAtThisInstant > MaxFiresPerInstant)
                {
                    throw new InvalidOperationException($"a timer re-armed itself {MaxFiresPerInstant} times without time passing");
                }

                next.Due = next.Period > 0 ? next.Due + next.Period : long.MaxValue;
            }

            Interlocked.Increment(ref _fires);
            next.Callback(next.State);
        }

        Volatile.Write(ref _elapsed, target);
    }

    public void AdvanceSeconds(double seconds) => Advance(TimeSpan.FromSeconds(seconds));

    private bool Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            if (!_timers.Contains(timer))
            {
                return false;
            }

            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : _elapsed + Math.Max(0, dueTime.Ticks);
            timer.Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            timer.Sequence = ++_sequence;
            return true;
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback => callback;

        public object? State => state;

        public long Due { get; set; } = long.MaxValue;

        public long Period { get; set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Schedule(this, dueTime, period);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
