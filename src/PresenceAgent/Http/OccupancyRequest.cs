namespace PresenceAgent.Http;

/// <summary>The body of <c>PUT /api/services/{alias}/occupancy</c>: how full a service's conference is, from a platform other than Pexip Infinity.</summary>
internal sealed class OccupancyRequest
{
    /// <summary>Beyond any conference platform, as Services:N:Capacity's bound.</summary>
    public const int MaxParticipants = 1_000_000;

    /// <summary>Participants in the conference, from 0; they add to what conferencing nodes report. 0 with no lock withdraws what the API said.</summary>
    public required int Participants { get; init; }

    /// <summary>Whether the conference is locked (nobody else gets in); false when left out.</summary>
    public bool Locked { get; init; }
}
