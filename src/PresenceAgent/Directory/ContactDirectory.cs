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
    private readonly FrozenDictionary<string, Contact> _byConferenceName;
    private readonly Contact[] _services;
    private readonly RoutingRuleSet _rules;
    private readonly DateTimeOffset _since;
    private readonly PresenceState _gatewayState;
    private readonly ILogger _logger;
    private readonly PeerLogSampler _sampler;

    /// <summary>Each service's DefaultStatus is resolved in <paramref name="states"/>, the built-in states when not given.</summary>
    public ContactDirectory(IEnumerable<ServiceOptions> services, RoutingRuleSet rules, DateTimeOffset since, ILogger<ContactDirectory>? logger = null,
        PeerLogSampler? sampler = null, StateCatalogue? states = null)
    {
        states ??= StateCatalogue.BuiltIn;
        _rules = rules;
        _since = since;
        _gatewayState = states.Available;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _sampler = sampler ?? new PeerLogSampler(TimeProvider.System);
        var byAlias = new Dictionary<string, Contact>(StringComparer.OrdinalIgnoreCase);
        var byConferenceName = new Dictionary<string, Contact>(StringComparer.OrdinalIgnoreCase);
        var all = new List<Contact>();
        foreach (var s in services)
        {
            var contact = new Contact
            {
                Kind = s.Kind == ServiceKind.Auditorium ? ContactKind.Auditorium : ContactKind.Vmr,
                Key = s.Aliases.Count > 0 ? NormalizeAlias(s.Aliases[0]) : "service:" + s.Name,
                DisplayName = s.Name,
                Description = s.Description,
                DescriptionLanguage = s.DescriptionLanguage,
                Theme = s.Theme,
                // Homepage and DefaultStatus are checked at start; tolerant here so the validator can resolve list members before
                // other faults are fixed.
                Homepage = Uri.TryCreate(s.Homepage, UriKind.Absolute, out var home) ? home : null,
                DefaultState = states.TryResolve(s.DefaultStatus.Trim(), out var state) ? state : states.Available,
                Capacity = s.Capacity,
                Since = since,
            };
            foreach (var alias in s.Aliases)
            {
                byAlias[NormalizeAlias(alias)] = contact;
            }

            // Names are unique once validated; before that the first service keeps its name.
            byConferenceName.TryAdd(s.ConferenceNameOrName, contact);
            all.Add(contact);
        }

        _services = [.. all];

        _byAlias = byAlias.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
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

    public Contact? Resolve(SipUri requestUri)
    {
        if (requestUri.User is null)
        {
            return null;
        }

        var user = requestUri.UserUnescaped!;
        var alias = $"{user}@{requestUri.Host}";
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
            Since = _since,
        };
    }

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
