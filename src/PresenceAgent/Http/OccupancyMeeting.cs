namespace PresenceAgent.Http;

/// <summary>The <c>meeting</c> of <c>PUT /api/services/{alias}/occupancy</c>: the meeting under way, as the platform names it.</summary>
internal sealed class OccupancyMeeting
{
    /// <summary>What the meeting is about, at most 256 characters on one line; watchers see it on the room's card.</summary>
    public string? Subject { get; init; }

    /// <summary>Where it takes place, at most 256 characters on one line.</summary>
    public string? Location { get; init; }
}
