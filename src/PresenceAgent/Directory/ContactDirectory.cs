using System.Collections.Frozen;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Directory;

/// <summary>
/// Resolves the Request-URI of a SUBSCRIBE to a contact: a configured service alias first, then the first gateway
/// routing rule that matches, otherwise nothing (the watcher gets 404, so a mistyped contact shows no presence).
/// Services win over rules, so a broad rule can never hide a meeting room.
/// </summary>
internal sealed class ContactDirectory
{
    private readonly FrozenDictionary<string, Contact> _byAlias;
    private readonly FrozenDictionary<string, Contact> _byKey;
    private readonly FrozenDictionary<string, Contact> _byConferenceName;
    private readonly Contact[] _services;
    private readonly RoutingRuleSet _rules;
    private readonly DateTimeOffset _gatewaysSince;
    private readonly PresenceState _gatewayState;
    private readonly ILogger _logger;
    private readonly PeerLogSampler _sampler;

    /// <summary>
    /// Each service's DefaultStatus is resolved in <paramref name="states"/>, the built-in states when not given;
    /// <paramref name="since"/> is the timestamp of the documents of what this directory defines anew. With
    /// <paramref name="previous"/>, the directory this one replaces (a configuration reload), a service it has unchanged
    /// is taken over as the same instance, so its watchers' documents and the cache of them stay as they are, and one
    /// whose documents read the same keeps their timestamp; gateway contacts keep theirs while the rules and the state
    /// they show are the same.
    /// </summary>
    public ContactDirectory(IEnumerable<ServiceOptions> services, RoutingRuleSet rules, DateTimeOffset since, ILogger<ContactDirectory>? logger = null,
        PeerLogSampler? sampler = null, StateCatalogue? states = null, ContactDirectory? previous = null)
    {
        states ??= StateCatalogue.BuiltIn;
        _rules = rules;
        _gatewayState = states.Available;
        _gatewaysSince = previous is not null && ReferenceEquals(previous._rules, rules) && previous._gatewayState.ShowsSameAs(_gatewayState)
            ? previous._gatewaysSince
            : since;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _sampler = sampler ?? new PeerLogSampler(TimeProvider.System);
        var byAlias = new Dictionary<string, Contact>(StringComparer.OrdinalIgnoreCase);
        var byKey = new Dictionary<string, Contact>(StringComparer.OrdinalIgnoreCase);
        var byConferenceName = new Dictionary<string, Contact>(StringComparer.OrdinalIgnoreCase);
        var all = new List<Contact>();
        foreach (var s in services)
        {
            var built = new Contact
            {
                Kind = s.Kind == ServiceKind.Auditorium ? ContactKind.Auditorium : ContactKind.Vmr,
                Key = KeyOf(s),
                DisplayName = s.Name,
                Description = s.Description,
                DescriptionLanguage = s.DescriptionLanguage,
                Theme = s.Theme,
                // Homepage and DefaultStatus are checked at start; tolerant here so the validator can resolve list members before
                // other faults are fixed.
                Homepage = Uri.TryCreate(s.Homepage, UriKind.Absolute, out var home) ? home : null,
                Card = ServiceCard.From(s),
                DefaultState = states.TryResolve(s.DefaultStatus.Trim(), out var state) ? state : states.Available,
                Capacity = s.Capacity,
                Since = since,
            };
            var contact = previous?.Predecessor(built.Key, s.Aliases) is not { } was ? built
                : was.IsSameAs(built) ? was
                : was.ShowsSameAs(built) ? built.WithSince(was.Since)
                : built;
            foreach (var alias in s.Aliases)
            {
                byAlias[NormalizeAlias(alias)] = contact;
            }

            // Keys and names are unique once validated; before that the first service keeps its own.
            byKey.TryAdd(contact.Key, contact);
            byConferenceName.TryAdd(s.ConferenceNameOrName, contact);
            all.Add(contact);
        }

        _services = [.. all];

        _byAlias = byAlias.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _byKey = byKey.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _byConferenceName = byConferenceName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public RoutingRuleSet Rules => _rules;

    public int ServiceAliasCount => _byAlias.Count;

    /// <summary>Every configured service, once each, in configuration order: to find, say, the services showing a theme.</summary>
    public IReadOnlyList<Contact> Services => _services;

    /// <summary>The alias form rules and lookups see: <c>user@host</c>, user part unescaped, no scheme.</summary>
    public static string? AliasOf(SipUri uri) => uri.User is null ? null : $"{uri.UserUnescaped}@{uri.Host}";

    /// <summary>A URI as a presence document's entity: scheme, user and host, no parameters (reference §4.2).</summary>
    public static string BareUri(SipUri uri) => $"{uri.Scheme}:{uri.User}@{uri.Host}";

    /// <summary>The service whose conference the platform calls <paramref name="name"/> (its ConferenceName, else its Name), ignoring case.</summary>
    public Contact? FindConference(string name) => _byConferenceName.GetValueOrDefault(name.Trim());

    /// <summary>Whether <paramref name="contact"/> is one of this directory's services, as this instance.</summary>
    public bool Holds(Contact contact) => _byKey.TryGetValue(contact.Key, out var service) && ReferenceEquals(service, contact);

    public Contact? Resolve(SipUri requestUri) =>
        requestUri.User is null ? null : Resolve(requestUri.UserUnescaped!, requestUri.Host);

    /// <summary>
    /// What the contact with <paramref name="key"/> (<see cref="Contact.Key"/>) of an earlier configuration is in this
    /// one: the service that has the key as an alias (its own key may be another now), else what the alias resolves to
    /// as a SUBSCRIBE would; null when it names nothing any more. Live state follows its contact across reloads by this.
    /// </summary>
    public Contact? Follow(string key)
    {
        if (FindService(key) is { } service)
        {
            return service;
        }

        var at = key.LastIndexOf('@');
        return at > 0 ? Resolve(key[..at], key[(at + 1)..]) : null;
    }

    /// <summary>
    /// The service a reloaded one with <paramref name="key"/> and <paramref name="aliases"/> was here: the one with that
    /// key, else the one one of its aliases named (its first alias changed).
    /// </summary>
    private Contact? Predecessor(string key, List<string> aliases) =>
        _byKey.GetValueOrDefault(key) ?? aliases.Select(a => FindService(NormalizeAlias(a))).FirstOrDefault(c => c is not null);

    /// <summary>The service <paramref name="alias"/> (<c>user</c> or <c>user@host</c>) names, without asking the rules.</summary>
    public Contact? FindService(string alias)
    {
        if (_byAlias.TryGetValue(alias, out var service))
        {
            return service;
        }

        var at = alias.LastIndexOf('@');
        return at > 0 ? _byAlias.GetValueOrDefault(alias[..at]) : null;
    }

    private Contact? Resolve(string user, string host)
    {
        var alias = $"{user}@{host}";
        if (_byAlias.TryGetValue(alias, out var service) || _byAlias.TryGetValue(user, out service))
        {
            return service;
        }

        var match = _rules.Match(alias);

        // A timed-out rule (only rules on the backtracking fallback can) is a rule to fix, and maybe someone probing it.
        // The rule is what the admin must act on, and rules are few, so the log is sampled per rule: bounded however
        // many sources or aliases a prober uses.
        foreach (var rule in match.TimedOutRules)
        {
            if (_sampler.ShouldLog(ContactLog.RuleMatchTimedOutId, rule.Name, out var suppressed))
            {
                ContactLog.RuleMatchTimedOut(_logger, rule.Name, alias.Length, suppressed);
            }
        }

        if (!match.IsMatch)
        {
            return null;
        }

        return new Contact
        {
            Kind = ContactKind.Gateway,
            Key = alias,
            DisplayName = user,
            RuleName = match.Rule!.Name,
            Destination = match.Destination,
            DefaultState = _gatewayState,
            Since = _gatewaysSince,
        };
    }

    /// <summary>The <see cref="Contact.Key"/> of the service <paramref name="s"/> configures: its first alias, normalized.</summary>
    internal static string KeyOf(ServiceOptions s) => s.Aliases.Count > 0 ? NormalizeAlias(s.Aliases[0]) : "service:" + s.Name;

    /// <summary>
    /// Configured aliases are matched without a scheme, case-insensitively and unescaped, the form requests are
    /// looked up in: <c>meet%2Ealice</c> in a file is <c>meet.alice</c> on the wire.
    /// </summary>
    internal static string NormalizeAlias(string alias)
    {
        var a = alias.Trim();
        foreach (var scheme in (ReadOnlySpan<string>)["sip:", "sips:"])
        {
            if (a.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                a = a[scheme.Length..];
            }
        }

        return SipUri.Unescape(a);
    }
}
