namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// The states of Dynamics 365's capacity rule for one kind of service, each a state id (a base status, a built-in,
/// state-map or custom status): what watchers read is that state's text. An empty room shows the service's DefaultStatus.
/// </summary>
public sealed class OccupancyStateOptions
{
    /// <summary>Some participants, under capacity, unlocked: Busy, "In a meeting".</summary>
    public string Occupied { get; init; } = BuiltInStates.InAMeeting;

    /// <summary>At or over the service's Capacity: Do Not Disturb, "Full".</summary>
    public string Full { get; init; } = BuiltInStates.Full;

    /// <summary>The conference is locked, whoever is in it: Do Not Disturb, "Locked".</summary>
    public string Locked { get; init; } = BuiltInStates.Locked;
}
