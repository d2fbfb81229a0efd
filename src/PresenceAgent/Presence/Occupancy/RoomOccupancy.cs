namespace PresenceAgent.Presence.Occupancy;

/// <summary>How full a service's conference is: participants across every node and source, and whether it is locked.</summary>
internal readonly record struct RoomOccupancy(int Participants, bool Locked)
{
    public static RoomOccupancy Empty => default;

    public override string ToString() => Participants == 1
        ? Locked ? "1 participant, locked" : "1 participant"
        : Locked ? $"{Participants} participants, locked" : $"{Participants} participants";
}
