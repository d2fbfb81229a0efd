namespace PresenceAgent.Publications;

/// <summary>A bound that refused a PUBLISH; named in logs by its configuration key, so an admin knows what to raise.</summary>
internal enum PublicationLimit
{
    None,
    MaxPublications,
    MaxPerAlias,
    MaxPerSource,
    MaxBodyBytes,
}
