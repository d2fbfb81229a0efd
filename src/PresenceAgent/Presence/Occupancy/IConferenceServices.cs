namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// Which service a conference platform means: by the conference's name on the platform, or by an alias a participant
/// dialled, as a SUBSCRIBE to it would resolve. The directory answers, so the model does not depend on it.
/// </summary>
internal interface IConferenceServices
{
    /// <summary>The service whose ConferenceName (else Name) is <paramref name="name"/>, ignoring case; null for none.</summary>
    IRoom? FindConference(string name);

    /// <summary>The service <paramref name="alias"/> names (never a gateway contact); null for none.</summary>
    IRoom? FindByAlias(string alias);
}
