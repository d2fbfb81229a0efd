using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Directory;

/// <summary>
/// An alias as an admin tool or a conference platform writes it (<c>room1</c>, <c>room1@vc.example.com</c>,
/// <c>sip:room1@…</c>) resolved as a SUBSCRIBE to it would be: a bare user part in the first of Sip:Domains, the host
/// one we serve, then services before gateway rules.
/// </summary>
internal sealed class TypedAliasResolver
{
    private readonly ContactDirectory _contacts;
    private readonly IReadOnlyList<string> _domains;
    private readonly string? _host;

    /// <param name="contacts">Services and gateway rules, as SUBSCRIBEs resolve them.</param>
    /// <param name="domains">Sip:Domains; a bare user part is taken in the first.</param>
    /// <param name="host">Sip:Host, which the agent also answers for.</param>
    public TypedAliasResolver(ContactDirectory contacts, IReadOnlyList<string> domains, string? host)
    {
        _contacts = contacts;
        _domains = domains;
        _host = host;
    }

    /// <summary>The contact a SUBSCRIBE to <paramref name="typed"/> would reach; null when it would get 404.</summary>
    public Contact? Resolve(string typed)
    {
        var alias = ContactDirectory.NormalizeAlias(typed);
        if (!alias.Contains('@', StringComparison.Ordinal))
        {
            if (_domains.Count == 0)
            {
                return null;
            }

            alias = $"{alias}@{_domains[0]}";
        }

        if (!SipUri.TryParse("sip:" + alias, out var uri) || uri.User is null || uri.Port is not null || uri.Parameters.Count > 0 ||
            uri.Headers is not null || !IsServed(uri.Host))
        {
            return null;
        }

        return _contacts.Resolve(uri);
    }

    /// <summary>A service (never a gateway contact) a SUBSCRIBE to <paramref name="typed"/> would reach, or null.</summary>
    public Contact? ResolveService(string typed) => Resolve(typed) is { Kind: not ContactKind.Gateway } service ? service : null;

    private bool IsServed(string host) =>
        _domains.Contains(host, StringComparer.OrdinalIgnoreCase) || string.Equals(host, _host, StringComparison.OrdinalIgnoreCase);
}
