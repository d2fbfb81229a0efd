namespace PresenceAgent.Publications;

/// <summary>
/// The <c>Publications</c> section: who may PUBLISH presence (RFC 3903) and the bounds of what the agent keeps of it.
/// Each value's range is checked at start (ConfigurationValidator).
/// </summary>
public sealed record PublicationOptions
{
    public const string SectionName = "Publications";

    /// <summary>The only peers whose PUBLISH is heard; everyone else gets 403. None by default: nobody publishes.</summary>
    public List<PublisherOptions> Publishers { get; init; } = [];

    /// <summary>Granted when a PUBLISH has no Expires: the presence package's default, 3600 s (RFC 3903 §4.1 leaves it to the package).</summary>
    public int DefaultExpires { get; init; } = 3600;

    /// <summary>Below this a non-zero Expires gets 423 with Min-Expires. 60 s, as for subscriptions: refreshes stay rare.</summary>
    public int MinExpires { get; init; } = 60;

    /// <summary>Longer requests are shortened to this (RFC 3903 §6: the compositor may lower, never raise, the interval).</summary>
    public int MaxExpires { get; init; } = 3600;

    /// <summary>Publications held at most; past it a new one gets 503 with Retry-After. 10,000: a publication per room for a large estate.</summary>
    public int MaxPublications { get; init; } = 10_000;

    /// <summary>
    /// Publications for one alias at most; past it 503. 16: a conference platform with a few nodes, each publishing, and
    /// room for the ones a restarted node left behind until they expire (the newest decides, so the others only wait).
    /// </summary>
    public int MaxPerAlias { get; init; } = 16;

    /// <summary>Publications from one source address (IPv6: per /64) at most; past it 503. 1,000: one node publishing for every room it hosts.</summary>
    public int MaxPerSource { get; init; } = 1_000;

    /// <summary>
    /// Bytes of a PUBLISH body at most; past it 413, before it is parsed. 16 KiB: a presence document with a person, a
    /// few tuples and notes in several languages is 1-3 KB. The stack's Sip:Limits:MaxBodyBytes applies first.
    /// </summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// Characters of a published note kept; a longer one is cut. 512: a status message fits on a watcher's screen, and
    /// a NOTIFY carrying it stays well below the 1,300 bytes over which UDP is not used (RFC 3261 §18.1.1).
    /// </summary>
    public int MaxNoteLength { get; init; } = 512;
}
