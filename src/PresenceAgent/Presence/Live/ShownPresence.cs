namespace PresenceAgent.Presence.Live;

/// <summary>
/// What a contact shows now: the state, the free text a source gave with it (a publication's note, an admin's), what
/// decided it and since when. <see cref="Version"/> goes up with every change watchers can see, so a document built for
/// one version is reused until the next.
/// </summary>
internal sealed record ShownPresence(PresenceState State, string? Note, PresenceSource Source, DateTimeOffset Since, long Version);
