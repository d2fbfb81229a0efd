using System.Collections.Frozen;

namespace PresenceAgent.Access;

/// <summary>
/// The access levels in force, compiled from a validated configuration: which level a watcher gets for a contact, and
/// what each level sees. Immutable, part of the configuration snapshot, so a reload swaps it whole.
/// </summary>
/// <remarks>
/// Order, first answer wins: a block list entry or Blocked pattern (the service's or the section's, for the watcher
/// and for its From); the service's lists, then its patterns; the section's lists, then its patterns; a served domain
/// (Company); the service's default, else the section's (Public when unset). A watcher whose From is all we have from
/// a peer that is not trusted gets at most Company: at most what its domain alone gives.
/// </remarks>
internal sealed class AccessPolicy
{
    private const string ServedDomainsRule = "Sip:Domains";

    private readonly AccessMapping _global;
    private readonly FrozenDictionary<string, AccessMapping> _services;
    private readonly FrozenSet<string> _served;
    private readonly CardAttributes[] _views;

    private AccessPolicy(AccessMapping global, FrozenDictionary<string, AccessMapping> services, FrozenSet<string> served, CardAttributes[] views)
    {
        _global = global;
        _services = services;
        _served = served;
        _views = views;
    }

    /// <summary>No configuration: the seed's attribute levels, no served domain, everyone Public.</summary>
    public static AccessPolicy Default { get; } = Create(new AccessLevelOptions(), [], []);

    /// <param name="options">The validated <c>AccessLevels</c> section.</param>
    /// <param name="servedDomains">Sip:Domains: their watchers are colleagues (Company).</param>
    /// <param name="services">The contact key of each service with its own mapping, and that mapping's configuration key.</param>
    public static AccessPolicy Create(AccessLevelOptions options, IEnumerable<string> servedDomains,
        IEnumerable<(string ContactKey, string Key, AccessMappingOptions Mapping)> services)
    {
        var minimums = new Dictionary<CardAttributes, AccessLevel>();
        foreach (var (name, level) in options.Attributes)
        {
            if (AttributeLevels.TryParse(name, out var attribute) && AccessLevels.TryParse(level, out var minimum))
            {
                minimums[attribute] = minimum;
            }
        }

        var serviceMappings = new Dictionary<string, AccessMapping>(StringComparer.OrdinalIgnoreCase);
        foreach (var (contactKey, key, mapping) in services)
        {
            serviceMappings.TryAdd(contactKey, AccessMapping.Create(mapping, key));
        }

        return new AccessPolicy(AccessMapping.Create(options, AccessLevelOptions.SectionName),
            serviceMappings.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            servedDomains.ToFrozenSet(StringComparer.OrdinalIgnoreCase), AttributeLevels.Views(minimums));
    }

    /// <summary>What a watcher at <paramref name="level"/> sees.</summary>
    public CardAttributes ViewOf(AccessLevel level) => _views[(int)level];

    /// <summary>
    /// The level of <paramref name="watcher"/> for the contact keyed <paramref name="contactKey"/> (a service with its own
    /// mapping is looked up in it first; null, a gateway contact or a list: the section's), and the key that gave it.
    /// </summary>
    public AccessDecision Decide(WatcherIdentity watcher, string? contactKey)
    {
        var service = contactKey is null ? null : _services.GetValueOrDefault(contactKey);
        var domain = WatcherIdentity.DomainOf(watcher.Address);

        // Blocking is safe to over-apply: a From on a block list is blocked whatever identity was proven besides.
        if (BlockedBy(service, watcher.Address, domain) is { } blocked)
        {
            return new AccessDecision(AccessLevel.Blocked, blocked);
        }

        if (!string.Equals(watcher.From, watcher.Address, StringComparison.OrdinalIgnoreCase) &&
            BlockedBy(service, watcher.From, WatcherIdentity.DomainOf(watcher.From)) is { } fromBlocked)
        {
            return new AccessDecision(AccessLevel.Blocked, fromBlocked + " (From)");
        }

        var decision = service?.Find(watcher.Address, domain) ?? _global.Find(watcher.Address, domain)
            ?? (_served.Contains(domain) ? new AccessDecision(AccessLevel.Company, ServedDomainsRule) : DefaultOf(service));
        if (watcher.Proven || decision.Level <= AccessLevel.Company)
        {
            return decision;
        }

        // Anyone can write a From: unproven, it is worth what its domain alone gives, never Team or Personal.
        var capped = IsCompanyDomain(service, domain) ? AccessLevel.Company : Min(DefaultOf(service).Level, AccessLevel.Company);
        return new AccessDecision(capped, $"{decision.Rule}, capped at {capped}: the From is not proven (no trusted peer, no digest authentication)");
    }

    private string? BlockedBy(AccessMapping? service, string address, string domain) =>
        service?.BlockedBy(address, domain) ?? _global.BlockedBy(address, domain);

    private AccessDecision DefaultOf(AccessMapping? service) =>
        service?.Default ?? _global.Default ?? new AccessDecision(AccessLevel.Public, AccessLevelOptions.SectionName + ":Default");

    private bool IsCompanyDomain(AccessMapping? service, string domain) =>
        _served.Contains(domain) || _global.ListsDomain(domain) || service?.ListsDomain(domain) == true;

    private static AccessLevel Min(AccessLevel a, AccessLevel b) => a < b ? a : b;
}
