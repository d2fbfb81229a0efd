namespace PresenceAgent.Documents.Pidf;

/// <summary>Where a note of a received PIDF document sits: SIP clients show the person's as the status message (RFC 4479 §3.3).</summary>
internal enum PidfNotePlace : byte
{
    /// <summary>A data-model note (<c>dm:note</c>) of a person or device.</summary>
    Person,

    /// <summary>A note of the presence element itself (RFC 3863 §4.1.6).</summary>
    Presence,

    /// <summary>A note of a tuple (RFC 3863 §4.1.6).</summary>
    Tuple,
}
