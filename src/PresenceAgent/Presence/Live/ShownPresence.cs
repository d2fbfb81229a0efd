namespace PresenceAgent.Presence.Live;

/// <summary>
/// What a contact shows now: the state, the free text a source gave with it (a publication's note, an admin's), what
/// decided it and since when. <see cref="Version"/> goes up with every change watchers can see, so a document built for
/// one version is reused until the next. A value, not an object: every NOTIFY asks for it, most of them for contacts
/// no source has spoken of.
/// </summary>
internal readonly record struct ShownPresence(PresenceState State, string? Note, PresenceSource Source, DateTimeOffset Since, long Version)
{
    /// <summary>
    /// The meeting under way, as the occupancy source says; not part of the state (an override keeps it), but a change
    /// of it is one of <see cref="Version"/>, since every document shows it.
    /// </summary>
    public Meeting? Meeting { get; init; }

    /// <summary>
    /// When the card changed without the state (the meeting came or went, a dated note started or ended); documents
    /// carry the later of this and <see cref="Since"/>.
    /// </summary>
    public DateTimeOffset CardSince { get; init; }

    /// <summary>What <paramref name="contact"/> shows before any source or admin has spoken of it.</summary>
    public static ShownPresence DefaultOf(IPresentity contact) => new(contact.DefaultState, null, PresenceSource.Default, contact.Since, 0);
}
