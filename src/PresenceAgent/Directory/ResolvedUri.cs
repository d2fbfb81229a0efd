namespace PresenceAgent.Directory;

/// <summary>
/// What a SUBSCRIBE's Request-URI names in one configuration: a configured list, or a service contact with the
/// presence document's entity for it; <see cref="UriBytes"/> is what of the URI a subscription keeps (its user and host).
/// </summary>
internal sealed record ResolvedUri(ResourceList? List, Contact? Contact, string? Entity, int UriBytes)
{
    /// <summary>A URI that names nothing: the SUBSCRIBE gets 404.</summary>
    public static readonly ResolvedUri Nothing = new(null, null, null, 0);
}
