namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// One source's view of one service's conference: a conferencing node's (its participants, its lock) or the occupancy
/// API's (a count). A service's conference is live while any carrier has it. Changed only through
/// <see cref="OccupancyTracker"/>, under its lock.
/// </summary>
internal sealed class Carrier(ServiceTally tally)
{
    internal ServiceTally Tally { get; } = tally;

    /// <summary>Participants by the platform's id of their call leg, each with the person it belongs to.</summary>
    internal Dictionary<string, string> Legs { get; } = new(StringComparer.Ordinal);

    /// <summary>Participants given as a number (the occupancy API).</summary>
    internal int Counted { get; set; }

    internal bool Locked { get; set; }

    /// <summary>When this carrier last said whether the conference is locked; the newest word counts.</summary>
    internal long LockOrder { get; set; }

    /// <summary>
    /// The meeting under way, as this source names it. Only the occupancy API gives one: Pexip Infinity's event sink
    /// carries the conference's name, service type and tag, but no subject or location.
    /// </summary>
    internal Meeting? Meeting { get; set; }

    internal bool Closed { get; set; }
}
