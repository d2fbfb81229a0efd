namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>What the event sink has seen since start, for metrics: lock-free counters and a snapshot of them.</summary>
internal sealed class EventSinkCounters
{
    private readonly long[] _applied = new long[Enum.GetValues<SinkEventType>().Length];
    private long _unserved;
    private long _rejected;
    private long _queueFull;
    private long _overLimit;
    private long _resets;
    private long _duplicates;

    /// <summary>An event was applied (in order, from the queue).</summary>
    public void Applied(SinkEventType type) => Interlocked.Increment(ref _applied[(int)type]);

    /// <summary>An event named a conference or alias no service has: counted and ignored.</summary>
    public void Unserved() => Interlocked.Increment(ref _unserved);

    /// <summary>A request refused before its event was queued: credentials, size, body.</summary>
    public void Rejected() => Interlocked.Increment(ref _rejected);

    /// <summary>An event answered 503 because the queue was full; the platform sends it again.</summary>
    public void QueueFull() => Interlocked.Increment(ref _queueFull);

    /// <summary>An event dropped at a bound (nodes, conferences or participants per node).</summary>
    public void OverLimit() => Interlocked.Increment(ref _overLimit);

    /// <summary>A node's view was forgotten: its sink started again, or its sequence had a gap.</summary>
    public void Reset() => Interlocked.Increment(ref _resets);

    /// <summary>An event whose sequence number was the last one seen again (a retry whose answer was lost).</summary>
    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    public EventSinkSnapshot Snapshot() => new(
        Enum.GetValues<SinkEventType>().ToDictionary(SinkEventTypes.Name, t => Interlocked.Read(ref _applied[(int)t]), StringComparer.Ordinal),
        Interlocked.Read(ref _unserved),
        Interlocked.Read(ref _rejected),
        Interlocked.Read(ref _queueFull),
        Interlocked.Read(ref _overLimit),
        Interlocked.Read(ref _resets),
        Interlocked.Read(ref _duplicates));
}
