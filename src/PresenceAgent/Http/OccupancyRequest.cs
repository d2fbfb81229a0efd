using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy;

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

    /// <summary>
    /// The meeting under way, shown on the room's card while it has participants; left out, the room shows none (each
    /// PUT replaces what the API said before).
    /// </summary>
    public OccupancyMeeting? Meeting { get; init; }

    /// <summary>The occupancy and meeting this asks for, or the problem of each field at fault.</summary>
    public (RoomOccupancy Occupancy, Meeting? Meeting, Dictionary<string, string[]> Errors) Check()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Participants is < 0 or > MaxParticipants)
        {
            errors["participants"] = [$"must be a whole number from 0 to {MaxParticipants}."];
        }

        var meeting = Presence.Meeting.Of(Meeting?.Subject, Meeting?.Location);
        Check(errors, "subject", meeting?.Subject);
        Check(errors, "location", meeting?.Location);

        return (new RoomOccupancy(Participants, Locked), meeting, errors);
    }

    private static void Check(Dictionary<string, string[]> errors, string part, string? text)
    {
        if (text is not null && OneLineText.Fault(text, Presence.Meeting.MaxLength, "a meeting's " + part) is { } fault)
        {
            errors["meeting." + part] = [fault];
        }
    }
}
