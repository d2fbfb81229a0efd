namespace PresenceAgent.Sip.Logging;

/// <summary>
/// Keeps a peer from flooding the log with an event it can trigger at will: the first occurrence per key (a peer, or
/// a peer and an event) is logged, then at most one per <c>interval</c>, carrying the count of those left out since.
/// State is kept for at most <c>capacity</c> keys. When every one of them has logged within the interval, a new key
/// does not push out an active one (a peer that forges a new source address per packet would otherwise reset them
/// all): newcomers share one overflow entry, so the log still gets at most one line per interval from all of them.
/// Once a key goes quiet for an interval, the least recently seen is forgotten to make room. Thread-safe.
/// </summary>
public class LogSampler<TKey>
    where TKey : notnull, IEquatable<TKey>
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Transport.LruTable<TKey, Entry> _entries;
    private Entry _overflow;
    private bool _overflowUsed;

    public LogSampler(TimeSpan interval, int capacity, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _interval = interval;
        _time = timeProvider;
        _entries = new Transport.LruTable<TKey, Entry>(capacity);
    }

    /// <summary>
    /// Whether to log this occurrence for <paramref name="key"/>; when true, <paramref name="suppressed"/> tells how many
    /// were left out since the last one logged (append it to the message), else this one is counted.
    /// </summary>
    public bool ShouldLog(TKey key, out SuppressedLogs suppressed)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            ref var entry = ref _entries.Find(key);
            if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
            {
                if (_entries.IsFull && _time.GetElapsedTime(_entries.Oldest.LoggedAt, now) < _interval)
                {
                    var first = !_overflowUsed;
                    _overflowUsed = true;
                    return Sample(ref _overflow, first, now, out suppressed);
                }

                entry = ref _entries.GetOrAdd(key, out _);
                return Sample(ref entry, first: true, now, out suppressed);
            }

            return Sample(ref entry, first: false, now, out suppressed);
        }
    }

    private bool Sample(ref Entry entry, bool first, long now, out SuppressedLogs suppressed)
    {
        if (!first && _time.GetElapsedTime(entry.LoggedAt, now) < _interval)
        {
            entry.Suppressed += entry.Suppressed < int.MaxValue ? 1 : 0;
            suppressed = default;
            return false;
        }

        suppressed = first ? default : new SuppressedLogs(entry.Suppressed, entry.LoggedAtUtc);
        entry = new Entry { LoggedAt = now, LoggedAtUtc = _time.GetUtcNow() };
        return true;
    }

    private struct Entry
    {
        public long LoggedAt;
        public DateTimeOffset LoggedAtUtc;
        public int Suppressed;
    }
}
