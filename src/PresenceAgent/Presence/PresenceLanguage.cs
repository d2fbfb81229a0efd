namespace PresenceAgent.Presence;

/// <summary>
/// A language presence text is written in: its RFC 5646 tag, for PIDF's <c>xml:lang</c> and Accept-Language, and its
/// Microsoft locale id, for the <c>LCID</c> of Lync's custom activity strings. Made only from <see cref="Lcids"/>, so
/// the two always agree.
/// </summary>
internal sealed record PresenceLanguage(string Tag, int Lcid);
