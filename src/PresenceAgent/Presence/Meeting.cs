namespace PresenceAgent.Presence;

/// <summary>
/// The meeting under way in a room, as its conference platform names it: a card attribute that comes and goes with the
/// conference (occupancy), not with configuration. At least one of the two is set; free text is made XML-safe by the writers.
/// </summary>
internal sealed record Meeting(string? Subject, string? Location)
{
    /// <summary>A subject or location longer than this is refused: Lync shows each on one line of the contact card.</summary>
    public const int MaxLength = 256;

    /// <summary>The meeting of <paramref name="subject"/> and <paramref name="location"/>, blank counting as unset; null when both are.</summary>
    public static Meeting? Of(string? subject, string? location)
    {
        subject = string.IsNullOrWhiteSpace(subject) ? null : subject.Trim();
        location = string.IsNullOrWhiteSpace(location) ? null : location.Trim();
        return subject is null && location is null ? null : new Meeting(subject, location);
    }
}
