namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>
/// The <c>EventSink</c> section: how conferencing nodes reach <c>POST /api/eventsink</c>, and the bounds on what they
/// can make the agent keep. Each limit's range is checked at start (<see cref="EventSinkOptionsValidator"/>).
/// </summary>
public sealed class EventSinkOptions
{
    public const string SectionName = "EventSink";

    /// <summary>
    /// The user name the platform's event sink is configured with (HTTP basic authentication, compared case-sensitively
    /// as Pexip Infinity does). Unset, with <see cref="Password"/>: only loopback callers are let in.
    /// </summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>
    /// Largest event body; larger gets 413. 64 KiB: a participant event is 1-2 KB, and a version 2 media window with its
    /// loss history stays well under it.
    /// </summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Events accepted and not yet applied; past it the platform is told 503 with Retry-After and sends the event
    /// again. Each node waits for our answer before its next event, so the queue holds about one event per node while the
    /// worker keeps up: 1,024 is room for a stall of a second or two.
    /// </summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Conferencing nodes tracked at once: a large deployment has tens; past it, a new node's events are dropped and logged.</summary>
    public int MaxNodes { get; init; } = 100;

    /// <summary>Served conferences one node may carry; past it, the node's further conferences are ignored and logged.</summary>
    public int MaxConferencesPerNode { get; init; } = 2_000;

    /// <summary>
    /// Participants in served conferences one node may report; past it, its further participants are ignored and logged.
    /// 5,000 is beyond any node's call capacity; with <see cref="MaxNodes"/> it bounds the table near 150 MB.
    /// </summary>
    public int MaxParticipantsPerNode { get; init; } = 5_000;

    /// <summary>Whether the platform must authenticate (both credentials set).</summary>
    internal bool HasCredentials => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
}
