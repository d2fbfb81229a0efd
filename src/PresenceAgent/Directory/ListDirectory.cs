using System.Collections.Concurrent;
using System.Collections.Frozen;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Directory;

/// <summary>
/// The lists a SUBSCRIBE may name: configured list aliases (<c>Lists</c>), and Lync's ad-hoc batches, whose
/// resources arrive in the request body. Each resource resolves as a per-contact SUBSCRIBE would (services first, then
/// the gateway rules); one outside our served domains names nothing here, whatever its user part.
/// </summary>
internal sealed class ListDirectory
{
    /// <summary>
    /// Resolved configured lists shared per list URI. A list's URIs are few (its aliases in each served domain); the
    /// cap only bounds case variants, which are unbounded.
    /// </summary>
    private const int MaxShared = 1_000;

    private readonly FrozenDictionary<string, ListOptions> _byAlias;
    private readonly FrozenDictionary<string, ListOptions>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly FrozenSet<string> _domains;
    private readonly ContactDirectory _contacts;
    private readonly ConcurrentDictionary<string, ResourceList> _shared = new(StringComparer.Ordinal);

    public ListDirectory(IEnumerable<ListOptions> lists, IEnumerable<string> domains, ContactDirectory contacts)
    {
        var byAlias = new Dictionary<string, ListOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var list in lists)
        {
            foreach (var alias in list.Aliases)
            {
                byAlias[ContactDirectory.NormalizeAlias(alias)] = list;
            }
        }

        _byAlias = byAlias.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _lookup = _byAlias.GetAlternateLookup<ReadOnlySpan<char>>();
        _domains = domains.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _contacts = contacts;
    }

    /// <summary>
    /// The configured list <paramref name="requestUri"/> names, resolved in its domain; null when it names none. Asked
    /// for every SUBSCRIBE, so a miss allocates nothing.
    /// </summary>
    public ResourceList? Find(SipUri requestUri)
    {
        if (_byAlias.Count == 0 || requestUri.UserUnescaped is not { } user)
        {
            return null;
        }

        var host = requestUri.Host;
        var length = user.Length + 1 + host.Length;
        Span<char> alias = length <= 256 ? stackalloc char[length] : new char[length];
        user.CopyTo(alias);
        alias[user.Length] = '@';
        host.CopyTo(alias[(user.Length + 1)..]);
        if (!_lookup.TryGetValue(alias, out var list) && !_lookup.TryGetValue(user, out list))
        {
            return null;
        }

        var uri = ContactDirectory.BareUri(requestUri);
        if (_shared.TryGetValue(uri, out var shared))
        {
            return shared;
        }

        var resources = new ListResource[list.Members.Count];
        for (var i = 0; i < resources.Length; i++)
        {
            var member = ContactDirectory.NormalizeAlias(list.Members[i]);
            var text = member.Contains('@', StringComparison.Ordinal) ? $"{requestUri.Scheme}:{member}" : $"{requestUri.Scheme}:{member}@{host}";
            resources[i] = Resource(text);
        }

        var resolved = new ResourceList(uri, host, list.Name, resources);
        return _shared.Count < MaxShared ? _shared.GetOrAdd(uri, resolved) : resolved;
    }

    /// <summary>
    /// A Lync batch sent to <paramref name="requestUri"/> (the watcher's own address, used as the list's name), its
    /// resources in order, each once.
    /// </summary>
    public ResourceList ForBatch(SipUri requestUri, IReadOnlyList<string> uris)
    {
        var seen = new HashSet<string>(uris.Count, StringComparer.OrdinalIgnoreCase);
        var resources = new List<ListResource>(uris.Count);
        foreach (var uri in uris)
        {
            if (seen.Add(uri))
            {
                resources.Add(Resource(uri));
            }
        }

        return new ResourceList(ContactDirectory.BareUri(requestUri), requestUri.Host, name: null, [.. resources]);
    }

    /// <summary>A list's resource as written (a SIP URI), resolved as a SUBSCRIBE to it would be, in a served domain.</summary>
    public ListResource Resource(string text)
    {
        if (SipUri.TryParse(text, out var uri) && uri.IsSip && uri.User is not null && _domains.Contains(uri.Host) &&
            _contacts.Resolve(uri) is { } contact)
        {
            var entity = ContactDirectory.BareUri(uri);
            return new ListResource(text, contact, string.Equals(entity, text, StringComparison.Ordinal) ? text : entity);
        }

        return new ListResource(text, null, text);
    }
}
