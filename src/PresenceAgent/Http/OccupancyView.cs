namespace PresenceAgent.Http;

/// <summary>What <c>PUT /api/services/{alias}/occupancy</c> answers: the service's occupancy across every source, and what it shows.</summary>
/// <param name="Contact">The service's key: its first alias.</param>
/// <param name="Participants">Participants across every source: the conferencing nodes' and the API's.</param>
/// <param name="Locked">Whether the conference is locked, as the source that spoke of it last says.</param>
/// <param name="Occupancy">The state occupancy gives it: Occupied's, Full's or Locked's of its kind, its default when empty.</param>
/// <param name="State">The state watchers see now: an override or a publication may go before occupancy.</param>
/// <param name="Source">What decided it: Default, Occupancy, Publication, Manual or Grace.</param>
/// <param name="Meeting">The meeting watchers see on the room's card; null while the room is empty or no source names one.</param>
internal sealed record OccupancyView(string Contact, int Participants, bool Locked, string Occupancy, string State, string Source,
    OccupancyMeeting? Meeting);
