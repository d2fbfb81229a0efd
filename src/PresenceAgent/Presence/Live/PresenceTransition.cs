namespace PresenceAgent.Presence.Live;

/// <summary>One change of what a contact shows: when, from which state to which, what decided it and why.</summary>
internal sealed record PresenceTransition(DateTimeOffset At, string From, string To, PresenceSource Source, string Reason);
