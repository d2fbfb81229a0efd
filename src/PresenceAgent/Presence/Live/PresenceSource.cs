namespace PresenceAgent.Presence.Live;

/// <summary>What decided the state a contact shows.</summary>
internal enum PresenceSource : byte
{
    /// <summary>No source has a state: the service's DefaultStatus (Available for a gateway contact).</summary>
    Default,

    /// <summary>The conference platform: participants and lock (event sink or the occupancy API).</summary>
    Occupancy,

    /// <summary>A SIP PUBLISH (RFC 3903).</summary>
    Publication,

    /// <summary>An admin's override.</summary>
    Manual,

    /// <summary>An automatic source went away: Offline until it is back or the grace period ends.</summary>
    Grace,
}
