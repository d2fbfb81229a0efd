namespace PresenceAgent.Directory;

/// <summary>
/// What one list subscription watches (RFC 4662): the list's URI and name, and its resources in order, each resolved
/// once, when the subscription starts. Immutable, so subscriptions to a configured list share one.
/// </summary>
internal sealed class ResourceList
{
    public ResourceList(string uri, string host, string? name, ListResource[] resources)
    {
        Uri = uri;
        Host = host;
        Name = name;
        Resources = resources;
    }

    /// <summary>The URI the watcher subscribed to, bare (scheme, user, host): the RLMI list's <c>uri</c>.</summary>
    public string Uri { get; }

    /// <summary>The list URI's host; the right-hand side of the Content-IDs in its NOTIFYs.</summary>
    public string Host { get; }

    /// <summary>A configured list's name; null for a Lync batch, which names none.</summary>
    public string? Name { get; }

    /// <summary>A Lync batch, whose resources the watcher named; otherwise a configured list (whose name is never empty).</summary>
    public bool IsBatch => Name is null;

    public IReadOnlyList<ListResource> Resources { get; }
}

/// <summary>
/// One resource of a list: the URI as the list names it, and the contact it resolved to, or null for an alias that
/// names nothing here (reported as <c>terminated;reason=noresource</c>).
/// </summary>
/// <param name="Uri">The resource URI as listed: a Lync batch's own string, so the client recognises it.</param>
/// <param name="Contact">The contact, or null.</param>
/// <param name="Entity">The bare URI the resource's presence document names.</param>
internal sealed record ListResource(string Uri, Contact? Contact, string Entity);
