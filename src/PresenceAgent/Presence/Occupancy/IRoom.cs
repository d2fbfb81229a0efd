using PresenceAgent.Presence.Live;

namespace PresenceAgent.Presence.Occupancy;

/// <summary>What occupancy needs of a service besides its presence: its kind and how many it holds. The directory's services are rooms.</summary>
internal interface IRoom : IPresentity
{
    /// <summary>An auditorium shows the auditorium's occupancy states, anything else a meeting room's.</summary>
    bool IsAuditorium { get; }

    /// <summary>Participants it holds; at or over it, it is full. Null: no limit.</summary>
    int? Capacity { get; }
}
