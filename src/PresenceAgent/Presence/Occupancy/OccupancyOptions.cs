namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// The <c>Presence:Occupancy</c> section: the state occupancy shows a meeting room and an auditorium in. An auditorium
/// can say "Town hall live" where a room says "In a meeting": map it to a custom status.
/// </summary>
public sealed class OccupancyOptions
{
    public OccupancyStateOptions Vmr { get; init; } = new();

    public OccupancyStateOptions Auditorium { get; init; } = new();
}
