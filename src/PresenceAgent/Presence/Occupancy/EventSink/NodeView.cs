namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>What one conferencing node has reported since its view was last forgotten. Only the event sink's worker touches it.</summary>
internal sealed class NodeView(string address)
{
    public string Address { get; } = address;

    /// <summary>The last sequence number applied; null until the first event.</summary>
    public long? LastSeq { get; set; }

    /// <summary>The served conferences it carries, by the platform's conference name (ignoring case).</summary>
    public Dictionary<string, Carrier> Conferences { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Its participants in those conferences, by uuid.</summary>
    public Dictionary<string, Carrier> Legs { get; } = new(StringComparer.Ordinal);
}
