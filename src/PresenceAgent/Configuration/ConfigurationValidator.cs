using System.Globalization;
using PresenceAgent.Access;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Http;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy.EventSink;
using PresenceAgent.Publications;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;
using PresenceAgent.Themes;

namespace PresenceAgent.Configuration;

/// <summary>
/// Checks the whole configuration and reports every fault at once, each naming its key and how to fix it, so an
/// admin fixes a file in one pass rather than one restart per mistake.
/// </summary>
internal static class ConfigurationValidator
{
    /// <summary>The characters of an RFC 6750 b64token, which a Bearer token must be.</summary>
    private const int MaxCapacity = 1_000_000;

    private static readonly System.Buffers.SearchValues<char> s_bearerCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/");

    public static void Validate(AgentConfiguration config, List<string> errors)
    {
        errors.AddRange(new SipStackOptionsValidator().Validate(null, config.Sip).Failures ?? []);
        var aliases = ValidateServices(config.Services, errors);
        ValidateLists(config.Lists, aliases, config.Subscriptions.MaxListResources, errors);
        ValidateSubscriptions(config.Subscriptions, errors);
        ValidateHttp(config.Http, config.Sip, errors);
        PublicationOptionsValidator.Validate(config.Publications, config.Sip, errors);
        EventSinkOptionsValidator.Validate(config.EventSink, errors);
        AuthenticationOptionsValidator.Validate(config.Authentication, config.Sip, errors);
        AccessLevelOptionsValidator.Validate(config.AccessLevels, errors);
    }

    /// <summary>Checks the services; returns their aliases (normalized) with the label of the service each names.</summary>
    private static Dictionary<string, string> ValidateServices(List<ServiceOptions> services, List<string> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var conferences = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i];
            var key = $"Services:{i}";
            var label = string.IsNullOrWhiteSpace(s.Name) ? key : $"{key} ('{s.Name}')";
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                errors.Add($"{key}:Name: empty; it is the name watchers see.");
            }

            if (s.Aliases.Count == 0)
            {
                errors.Add($"{key}:Aliases: empty; a service nobody can address gets no subscriptions.");
            }

            for (var j = 0; j < s.Aliases.Count; j++)
            {
                var alias = s.Aliases[j];
                var normalized = ContactDirectory.NormalizeAlias(alias);
                if (!IsAliasForm(normalized))
                {
                    errors.Add($"{key}:Aliases:{j}: '{alias}' is not user or user@host.");
                }
                else if (seen.TryGetValue(normalized, out var other))
                {
                    errors.Add($"{key}:Aliases:{j}: '{alias}' is also an alias of {other}; each alias names one service.");
                }
                else
                {
                    seen[normalized] = label;
                }
            }

            if (s.Theme is { } theme && !ThemeName.IsValid(theme))
            {
                errors.Add($"{key}:Theme: '{theme}' is not a valid theme folder name (letters, digits, '-', '_', '.').");
            }

            if (s.Homepage is { } home && !(Uri.TryCreate(home, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            {
                errors.Add($"{key}:Homepage: '{home}' is not an absolute http(s) URL.");
            }

            ValidateCard(s, key, errors);
            if (s.AccessLevels is { } access)
            {
                AccessLevelOptionsValidator.ValidateMapping(access, $"{key}:AccessLevels", errors);
            }

            ValidateConferenceName(s, key, label, conferences, errors);

            // A million people is beyond any conference platform; zero or less could never be anything but full.
            if (s.Capacity is < 1 or > MaxCapacity)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Capacity: {s.Capacity} must be 1-{MaxCapacity} participants, or unset for no limit."));
            }
        }

        return seen;
    }

    /// <summary>The contact card's checked attributes: numbers a phone can dial, a web site a browser can open, a mailbox.</summary>
    private static void ValidateCard(ServiceOptions s, string key, List<string> errors)
    {
        for (var j = 0; j < s.Phones.Count; j++)
        {
            if (!ServiceCard.IsE164(s.Phones[j].Number))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{key}:Phones:{j}:Number: '{s.Phones[j].Number}' is not E.164: '+' and 1-{ServiceCard.MaxE164Digits} digits, no spaces or dashes."));
            }
        }

        if (s.WebSite is { } site && !ServiceCard.IsWebUrl(site, out _))
        {
            errors.Add($"{key}:WebSite: '{site}' is not an absolute http(s) URL.");
        }

        if (s.Email is { } email && !string.IsNullOrWhiteSpace(email) && !ServiceCard.IsEmail(email.Trim()))
        {
            errors.Add($"{key}:Email: '{email}' is not an address like room@example.com.");
        }

        ValidateOutOfOfficeDates(s, key, errors);
    }

    /// <summary>The out-of-office note's dates: instants with their offset, the end after the start, and a note to date.</summary>
    private static void ValidateOutOfOfficeDates(ServiceOptions s, string key, List<string> errors)
    {
        DateTimeOffset? Read(string? text, string name)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (ServiceCard.TryInstant(text, out var instant))
            {
                return instant;
            }

            errors.Add($"{key}:{name}: '{text}' is not an ISO 8601 date and time with its offset, " +
                "such as 2026-03-09T08:00:00+01:00 or 2026-03-09T07:00Z.");
            return null;
        }

        var start = Read(s.OutOfOfficeStart, nameof(ServiceOptions.OutOfOfficeStart));
        var end = Read(s.OutOfOfficeEnd, nameof(ServiceOptions.OutOfOfficeEnd));
        if (start is { } from && end is { } until && until <= from)
        {
            errors.Add($"{key}:{nameof(ServiceOptions.OutOfOfficeEnd)}: {until:O} is not after {nameof(ServiceOptions.OutOfOfficeStart)} {from:O}.");
        }

        var dated = !string.IsNullOrWhiteSpace(s.OutOfOfficeStart) || !string.IsNullOrWhiteSpace(s.OutOfOfficeEnd);
        if (dated && string.IsNullOrWhiteSpace(s.OutOfOfficeNote))
        {
            errors.Add($"{key}:{nameof(ServiceOptions.OutOfOfficeNote)}: required with OutOfOfficeStart or OutOfOfficeEnd; the dates are the note's.");
        }
    }

    /// <summary>
    /// The platform's events name a conference, and that name must lead to one service: a conference name (the Name
    /// unless ConferenceName is set) shared by two services would count one room's people in both.
    /// </summary>
    private static void ValidateConferenceName(ServiceOptions s, string key, string label, Dictionary<string, string> conferences, List<string> errors)
    {
        if (s.ConferenceName is { } given && string.IsNullOrWhiteSpace(given))
        {
            errors.Add($"{key}:ConferenceName: empty; name the conference as the platform does, or leave it unset to use Name.");
            return;
        }

        var name = s.ConferenceNameOrName;
        if (name.Length == 0)
        {
            return;
        }

        if (conferences.TryGetValue(name, out var other))
        {
            var at = s.ConferenceName is null ? $"{key}:Name" : $"{key}:ConferenceName";
            errors.Add($"{at}: '{name}' is also the conference name of {other}; set ConferenceName to the platform's name for each.");
        }
        else
        {
            conferences[name] = label;
        }
    }

    /// <summary>Each service's DefaultStatus must name a state: a base status, a built-in, state-map or custom status.</summary>
    public static void ValidateDefaultStatuses(List<ServiceOptions> services, StateCatalogue states, List<string> errors)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var status = services[i].DefaultStatus;
            if (string.IsNullOrWhiteSpace(status))
            {
                errors.Add($"Services:{i}:DefaultStatus: empty; name a base status ({BaseStatusNames.List}) or a custom status id.");
            }
            else if (!states.TryResolve(status.Trim(), out _))
            {
                errors.Add($"Services:{i}:DefaultStatus: '{status}' names no state; use a base status ({BaseStatusNames.List}), " +
                    "a Presence:CustomStatuses id or an ID of the state map file.");
            }
        }
    }

    /// <summary><c>user</c> or <c>user@host</c>; lookups compare user@host without a port, so one with a port could never match.</summary>
    private static bool IsAliasForm(string normalized)
    {
        var at = normalized.IndexOf('@', StringComparison.Ordinal);
        var user = at < 0 ? normalized : normalized[..at];
        return user.Length > 0 && !user.AsSpan().ContainsAny(" \t<>\"") &&
            (at < 0 || (SipUri.TryParseHostPort(normalized.AsSpan(at + 1), out _, out var port) && port is null));
    }

    /// <summary>
    /// The shape of each list: name, aliases that name no service or other list (a bare alias overlaps every
    /// <c>user@domain</c> with its user part, and whichever was looked up first would hide the other), and members
    /// that can be written as a SIP URI, each once, no more than a subscription may hold. Whether each member names
    /// something is checked once the routing rules are compiled (<see cref="ValidateListMembers"/>).
    /// </summary>
    private static void ValidateLists(List<ListOptions> lists, Dictionary<string, string> seen, int maxResources, List<string> errors)
    {
        for (var i = 0; i < lists.Count; i++)
        {
            var list = lists[i];
            var key = $"Lists:{i}";
            var label = ListLabel(list, i);
            if (string.IsNullOrWhiteSpace(list.Name))
            {
                errors.Add($"{key}:Name: empty; it is the list name watchers see.");
            }

            if (list.Aliases.Count == 0)
            {
                errors.Add($"{key}:Aliases: empty; a list nobody can address gets no subscriptions.");
            }

            for (var j = 0; j < list.Aliases.Count; j++)
            {
                var alias = list.Aliases[j];
                var normalized = ContactDirectory.NormalizeAlias(alias);
                if (!IsAliasForm(normalized))
                {
                    errors.Add($"{key}:Aliases:{j}: '{alias}' is not user or user@host.");
                }
                else if (Overlapping(normalized, seen) is { } other)
                {
                    errors.Add($"{key}:Aliases:{j}: '{alias}' is also an alias of {other}; an alias names one service or list.");
                }
                else
                {
                    seen[normalized] = label;
                }
            }

            if (list.Members.Count == 0)
            {
                errors.Add($"{key}:Members: empty; list the service or gateway aliases its watchers see.");
            }
            else if (list.Members.Count > maxResources)
            {
                errors.Add($"{key}:Members: {list.Members.Count} members, more than Subscriptions:MaxListResources ({maxResources}).");
            }

            var members = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var j = 0; j < list.Members.Count; j++)
            {
                var member = list.Members[j];
                if (MemberUri(member, "example.invalid") is null)
                {
                    errors.Add($"{key}:Members:{j}: '{member}' is not user or user@host.");
                }
                else if (!members.Add(ContactDirectory.NormalizeAlias(member)))
                {
                    errors.Add($"{key}:Members:{j}: '{member}' is listed twice in {label}.");
                }
            }
        }
    }

    /// <summary>
    /// Each list member must name a service or match a routing rule: <c>user@domain</c> in a served domain, a bare
    /// user part in every served domain (it is taken in the domain the list is subscribed in). Runs once the rules
    /// compiled, with a directory of the configured services.
    /// </summary>
    public static void ValidateListMembers(AgentConfiguration config, ContactDirectory directory, List<string> errors)
    {
        var domains = config.Sip.Domains.Where(d => SipUri.TryParseHostPort(d, out _, out var port) && port is null).ToList();
        for (var i = 0; i < config.Lists.Count; i++)
        {
            var list = config.Lists[i];
            for (var j = 0; j < list.Members.Count; j++)
            {
                var member = list.Members[j];
                var key = $"Lists:{i}:Members:{j}";

                // A member that is not user or user@host was reported with the list's shape.
                if (MemberUri(member, "example.invalid") is not { } uri)
                {
                    continue;
                }

                if (ContactDirectory.NormalizeAlias(member).Contains('@', StringComparison.Ordinal))
                {
                    if (!domains.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
                    {
                        errors.Add($"{key}: '{member}' is in {uri.Host}, which is not in Sip:Domains.");
                    }
                    else if (directory.Resolve(uri) is null)
                    {
                        errors.Add($"{key}: '{member}' is no service alias and matches no routing rule.");
                    }

                    continue;
                }

                var missing = domains.Where(d => MemberUri(member, d) is not { } u || directory.Resolve(u) is null).ToList();
                if (missing.Count == domains.Count && missing.Count > 0)
                {
                    errors.Add($"{key}: '{member}' is no service alias and matches no routing rule.");
                }
                else if (missing.Count > 0)
                {
                    errors.Add($"{key}: '{member}' names nothing in {string.Join(", ", missing)}; write it as user@domain.");
                }
            }
        }
    }

    /// <summary>A member as the URI watchers see: a bare user part in <paramref name="domain"/>; null when it is not a SIP user@host.</summary>
    private static SipUri? MemberUri(string member, string domain)
    {
        var normalized = ContactDirectory.NormalizeAlias(member);
        if (!IsAliasForm(normalized))
        {
            return null;
        }

        var text = normalized.Contains('@', StringComparison.Ordinal) ? "sip:" + normalized : $"sip:{normalized}@{domain}";
        return SipUri.TryParse(text, out var uri) && uri.User is not null && uri.Parameters.Count == 0 && uri.Headers is null ? uri : null;
    }

    private static string ListLabel(ListOptions list, int i) =>
        string.IsNullOrWhiteSpace(list.Name) ? $"Lists:{i}" : $"Lists:{i} ('{list.Name}')";

    /// <summary>The label of the service or list that already answers for <paramref name="alias"/>, or null.</summary>
    private static string? Overlapping(string alias, Dictionary<string, string> seen)
    {
        if (seen.TryGetValue(alias, out var same))
        {
            return same;
        }

        var at = alias.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return seen.TryGetValue(alias[..at], out var bare) ? bare : null;
        }

        foreach (var (other, label) in seen)
        {
            if (other.Length > alias.Length && other[alias.Length] == '@' && other.StartsWith(alias, StringComparison.OrdinalIgnoreCase))
            {
                return label;
            }
        }

        return null;
    }

    private static void ValidateSubscriptions(SubscriptionOptions s, List<string> errors)
    {
        // RFC 6665 §4.2.1.1: a notifier must not demand a minimum above one hour.
        if (s.MinExpires is < 1 or > 3600)
        {
            errors.Add($"Subscriptions:MinExpires: {s.MinExpires} must be 1-3600 s (RFC 6665 forbids a minimum above an hour).");
        }

        if (s.MaxExpires < s.MinExpires)
        {
            errors.Add($"Subscriptions:MaxExpires: {s.MaxExpires} is below MinExpires {s.MinExpires}.");
        }

        if (s.DefaultExpires < s.MinExpires || s.DefaultExpires > s.MaxExpires)
        {
            errors.Add($"Subscriptions:DefaultExpires: {s.DefaultExpires} must lie between MinExpires and MaxExpires.");
        }

        if (s.MaxSubscriptions < 1)
        {
            errors.Add($"Subscriptions:MaxSubscriptions: {s.MaxSubscriptions} must be at least 1.");
        }

        if (s.MaxListResources < 1)
        {
            errors.Add($"Subscriptions:MaxListResources: {s.MaxListResources} must be at least 1.");
        }

        // Below each minimum ordinary watchers would be refused; the maxima are beyond any real deployment (a
        // per-source or per-watcher limit above MaxSubscriptions simply never applies).
        InRange(errors, "MaxPerSource", s.MaxPerSource, 1, 10_000_000, "subscriptions");
        InRange(errors, "MaxPerWatcher", s.MaxPerWatcher, 1, 10_000_000, "subscriptions");
        InRange(errors, "MaxBytesPerSubscription", s.MaxBytesPerSubscription, 2048, 1024 * 1024,
            "bytes; an ordinary SUBSCRIBE keeps 1-2 KB");
        InRange(errors, "FetchRatePerSource", s.FetchRatePerSource, 1, 100_000, "fetches a second");
        InRange(errors, "FetchBurstPerSource", s.FetchBurstPerSource, 1, 1_000_000, "fetches");
        InRange(errors, "MaxFetchSources", s.MaxFetchSources, 100, 1_000_000, "sources");
    }

    private static void InRange(List<string> errors, string key, int value, int min, int max, string unit)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Subscriptions:{key}: {value} must be {min}-{max} ({unit})."));
        }
    }

    private static void ValidateHttp(HttpOptions http, SipStackOptions sip, List<string> errors)
    {
        foreach (var url in http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel binds every interface for the host '*' or '+' (as PublicBaseUrl expects); System.Uri rejects both.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            {
                errors.Add($"Http:Urls: '{url}' is not an http(s) URL.");
            }
        }

        if (http.UsesHttps && sip.Tls.CertificatePath is null)
        {
            errors.Add("Http:Urls: has an https URL but Sip:Tls:CertificatePath is not set: the avatars are served over HTTPS with the SIP TLS certificate.");
        }

        if (http.PublicBaseUrl is { } b && !(Uri.TryCreate(b, UriKind.Absolute, out var pu) && pu.Scheme is "http" or "https"))
        {
            errors.Add($"Http:PublicBaseUrl: '{b}' is not an absolute http(s) URL.");
        }

        ValidateToken("Http:AdminToken", http.AdminToken, errors);
        ValidateToken("Http:ApiToken", http.ApiToken, errors);
        if (!http.ApiLoopbackTrusted && string.IsNullOrEmpty(http.ApiToken))
        {
            errors.Add("Http:ApiLoopbackTrusted: false without Http:ApiToken leaves the API to no one; set a token or trust loopback.");
        }

        if (http.ApiMaxBodyBytes is < HttpOptions.MinApiMaxBodyBytes or > HttpOptions.MaxApiMaxBodyBytes)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"Http:ApiMaxBodyBytes: {http.ApiMaxBodyBytes} must be {HttpOptions.MinApiMaxBodyBytes}-{HttpOptions.MaxApiMaxBodyBytes} (bytes)."));
        }
    }

    /// <summary>A bearer token's checks; the token itself is a secret: the messages describe it, never quote it.</summary>
    private static void ValidateToken(string key, string? token, List<string> errors)
    {
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        if (token.Length < HttpOptions.MinAdminTokenLength)
        {
            errors.Add($"{key}: {token.Length} characters; use at least {HttpOptions.MinAdminTokenLength} (e.g. the output of 'openssl rand -base64 32').");
        }

        if (!IsBearerToken(token))
        {
            errors.Add($"{key}: has characters an Authorization: Bearer header cannot carry; use letters, digits and - . _ ~ + / ('=' only at the end).");
        }
    }

    /// <summary>RFC 6750 §2.1 b64token: <c>1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="</c>.</summary>
    private static bool IsBearerToken(string token)
    {
        var body = token.AsSpan().TrimEnd('=');
        return body.Length > 0 && !body.ContainsAnyExcept(s_bearerCharacters);
    }

}
