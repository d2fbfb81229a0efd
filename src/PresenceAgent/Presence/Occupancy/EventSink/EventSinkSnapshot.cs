namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>The event sink's counters at one moment; see <see cref="EventSinkCounters"/> for what each counts.</summary>
/// <param name="Applied">Events applied, by wire name.</param>
/// <param name="Unserved">Events about a conference or alias no service has.</param>
/// <param name="Rejected">Requests refused before their event was queued (credentials, size, body).</param>
/// <param name="QueueFull">Events answered 503 because the queue was full.</param>
/// <param name="OverLimit">Events dropped at a bound: nodes, conferences or participants per node.</param>
/// <param name="Resets">Node views forgotten: a sink started again, a sequence gap.</param>
/// <param name="Duplicates">Events that repeated the last sequence number.</param>
internal sealed record EventSinkSnapshot(IReadOnlyDictionary<string, long> Applied, long Unserved, long Rejected, long QueueFull,
    long OverLimit, long Resets, long Duplicates);
