using PresenceAgent.Presence;

namespace PresenceAgent.Publications;

/// <summary>What one publication says: the state it maps to and the note watchers are shown with it.</summary>
internal sealed record PublishedState(PresenceState State, string? Note);
