namespace PresenceAgent.Presence;

/// <summary>The presence document formats the agent writes, one chosen per subscription from its Accept header.</summary>
internal enum DocumentFormat : byte
{
    /// <summary><c>application/pidf+xml</c> (RFC 3863 with RPID and CIPID): the standard, and the default.</summary>
    Pidf,

    /// <summary><c>application/msrtc-event-categories+xml</c>: Lync and Skype for Business enhanced presence.</summary>
    MsrtcCategories,

    /// <summary><c>application/xpidf+xml</c>: older phones (Cisco, Polycom) that accept nothing else.</summary>
    Xpidf,
}
