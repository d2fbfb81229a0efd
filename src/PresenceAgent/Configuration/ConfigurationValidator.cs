using System.Net;
using PresenceAgent.Directory;
using PresenceAgent.Http;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;
using PresenceAgent.Themes;

namespace PresenceAgent.Configuration;

/// <summary>
/// Checks the whole configuration and reports every fault at once, each naming its key and how to fix it, so an
/// admin fixes a file in one pass rather than one restart per mistake.
/// </summary>
internal static class ConfigurationValidator
{
    public static void Validate(AgentConfiguration config, List<string> errors)
    {
        ValidateSip(config.Sip, errors);
        var aliases = ValidateServices(config.Services, errors);
        ValidateLists(config.Lists, aliases, config.Subscriptions.MaxListResources, errors);
        ValidateSubscriptions(config.Subscriptions, errors);
        ValidateHttp(config.Http, config.Sip, errors);
    }

    private static void ValidateSip(SipSection sip, List<string> errors)
    {
        if (sip.Listeners.Count == 0)
        {
            errors.Add("Sip:Listeners is empty: add at least one, e.g. { \"Protocol\": \"Udp\", \"Address\": \"127.0.0.1\", \"Port\": 5060 }.");
        }

        for (var i = 0; i < sip.Listeners.Count; i++)
        {
            var l = sip.Listeners[i];
            if (!IPAddress.TryParse(l.Address, out _))
            {
                errors.Add($"Sip:Listeners:{i}:Address '{l.Address}' is not an IP address (use 0.0.0.0 or :: for all interfaces).");
            }

            if (l.Port is < 0 or > 65535)
            {
                errors.Add($"Sip:Listeners:{i}:Port {l.Port} is outside 0-65535.");
            }
        }

        if (sip.Domains.Count == 0)
        {
            errors.Add("Sip:Domains is empty: list the domains in the aliases watchers subscribe to (e.g. vc.example.com).");
        }

        for (var i = 0; i < sip.Domains.Count; i++)
        {
            if (!SipUri.TryParseHostPort(sip.Domains[i], out _, out var port) || port is not null)
            {
                errors.Add($"Sip:Domains:{i} '{sip.Domains[i]}' is not a host name or IP address.");
            }
        }

        if (sip.Host is { } host && (!SipUri.TryParseHostPort(host, out _, out var hostPort) || hostPort is not null))
        {
            errors.Add($"Sip:Host '{host}' is not a host name or IP address.");
        }

        foreach (var (name, address) in sip.Hosts)
        {
            if (!IsHostName(name))
            {
                errors.Add($"Sip:Hosts:{name} is not a host name: the keys under Sip:Hosts are names such as fe01.example.com.");
            }
            else if (!IPAddress.TryParse(address, out _))
            {
                errors.Add($"Sip:Hosts:{name} '{address}' is not an IP address.");
            }
        }

        ValidateTls(sip, errors);
    }

    private static void ValidateTls(SipSection sip, List<string> errors)
    {
        var tls = sip.Tls;
        if (tls.CertificatePath is null)
        {
            for (var i = 0; i < sip.Listeners.Count; i++)
            {
                if (sip.Listeners[i].Protocol == TransportProtocol.Tls)
                {
                    errors.Add($"Sip:Listeners:{i}:Protocol is Tls, which needs Sip:Tls:CertificatePath (a PFX file, or a PEM certificate with Sip:Tls:KeyPath).");
                }
            }

            if (tls.KeyPath is not null)
            {
                errors.Add("Sip:Tls:KeyPath is the key of a PEM certificate: set Sip:Tls:CertificatePath too.");
            }
        }
        else if (SipTlsFiles.CertificateProblem(tls.ToStackOptions()) is { } problem)
        {
            errors.Add($"Sip:Tls:CertificatePath '{tls.CertificatePath}' cannot be used: {problem}");
        }

        if (tls.TrustStorePath is not null && SipTlsFiles.TrustStoreProblem(tls.ToStackOptions()) is { } trustProblem)
        {
            errors.Add($"Sip:Tls:TrustStorePath '{tls.TrustStorePath}' cannot be used: {trustProblem}");
        }

        if (tls.HandshakeTimeout is { } timeout && (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(5)))
        {
            errors.Add($"Sip:Tls:HandshakeTimeout {timeout} must be between 00:00:01 and 00:05:00.");
        }

        if (tls.AllowedPeerNames.Count > 0 && !tls.RequireClientCertificate)
        {
            errors.Add("Sip:Tls:AllowedPeerNames is only checked when a certificate is required: set Sip:Tls:RequireClientCertificate to true.");
        }

        for (var i = 0; i < tls.AllowedPeerNames.Count; i++)
        {
            if (!IsHostName(tls.AllowedPeerNames[i]))
            {
                errors.Add($"Sip:Tls:AllowedPeerNames:{i} '{tls.AllowedPeerNames[i]}' is not a host name (e.g. fe01.example.com; no wildcards).");
            }
        }
    }

    private static bool IsHostName(string name) =>
        !IPAddress.TryParse(name, out _) && SipUri.TryParseHostPort(name, out _, out var port) && port is null;

    /// <summary>Checks the services; returns their aliases (normalized) with the label of the service each names.</summary>
    private static Dictionary<string, string> ValidateServices(List<ServiceOptions> services, List<string> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i];
            var label = string.IsNullOrWhiteSpace(s.Name) ? $"Services:{i}" : $"Services:{i} ('{s.Name}')";
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                errors.Add($"{label}: Name is empty; it is the name watchers see.");
            }

            if (s.Aliases.Count == 0)
            {
                errors.Add($"{label}: Aliases is empty; a service nobody can address gets no subscriptions.");
            }

            foreach (var alias in s.Aliases)
            {
                var normalized = ContactDirectory.NormalizeAlias(alias);
                if (!IsAliasForm(normalized))
                {
                    errors.Add($"{label}: alias '{alias}' is not user or user@host.");
                }
                else if (seen.TryGetValue(normalized, out var other))
                {
                    errors.Add($"{label}: alias '{alias}' is also an alias of {other}; each alias names one service.");
                }
                else
                {
                    seen[normalized] = label;
                }
            }

            if (s.Theme is { } theme && !ThemeName.IsValid(theme))
            {
                errors.Add($"{label}: Theme '{theme}' is not a valid theme folder name (letters, digits, '-', '_', '.').");
            }

            if (s.Homepage is { } home && !(Uri.TryCreate(home, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            {
                errors.Add($"{label}: Homepage '{home}' is not an absolute http(s) URL.");
            }
        }

        return seen;
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
            var label = ListLabel(list, i);
            if (string.IsNullOrWhiteSpace(list.Name))
            {
                errors.Add($"{label}: Name is empty; it is the list name watchers see.");
            }

            if (list.Aliases.Count == 0)
            {
                errors.Add($"{label}: Aliases is empty; a list nobody can address gets no subscriptions.");
            }

            foreach (var alias in list.Aliases)
            {
                var normalized = ContactDirectory.NormalizeAlias(alias);
                if (!IsAliasForm(normalized))
                {
                    errors.Add($"{label}: alias '{alias}' is not user or user@host.");
                }
                else if (Overlapping(normalized, seen) is { } other)
                {
                    errors.Add($"{label}: alias '{alias}' is also an alias of {other}; an alias names one service or list.");
                }
                else
                {
                    seen[normalized] = label;
                }
            }

            if (list.Members.Count == 0)
            {
                errors.Add($"{label}: Members is empty; list the service or gateway aliases its watchers see.");
            }
            else if (list.Members.Count > maxResources)
            {
                errors.Add($"{label}: {list.Members.Count} members, more than Subscriptions:MaxListResources ({maxResources}).");
            }

            var members = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var member in list.Members)
            {
                if (MemberUri(member, "example.invalid") is null)
                {
                    errors.Add($"{label}: member '{member}' is not user or user@host.");
                }
                else if (!members.Add(ContactDirectory.NormalizeAlias(member)))
                {
                    errors.Add($"{label}: member '{member}' is listed twice.");
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
            foreach (var member in list.Members)
            {
                // A member that is not user or user@host was reported with the list's shape.
                if (MemberUri(member, "example.invalid") is not { } uri)
                {
                    continue;
                }

                if (ContactDirectory.NormalizeAlias(member).Contains('@', StringComparison.Ordinal))
                {
                    if (!domains.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
                    {
                        errors.Add($"{ListLabel(list, i)}: member '{member}' is in {uri.Host}, which is not in Sip:Domains.");
                    }
                    else if (directory.Resolve(uri) is null)
                    {
                        errors.Add($"{ListLabel(list, i)}: member '{member}' is no service alias and matches no routing rule.");
                    }

                    continue;
                }

                var missing = domains.Where(d => MemberUri(member, d) is not { } u || directory.Resolve(u) is null).ToList();
                if (missing.Count == domains.Count && missing.Count > 0)
                {
                    errors.Add($"{ListLabel(list, i)}: member '{member}' is no service alias and matches no routing rule.");
                }
                else if (missing.Count > 0)
                {
                    errors.Add($"{ListLabel(list, i)}: member '{member}' names nothing in {string.Join(", ", missing)}; write it as user@domain.");
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
            errors.Add($"Subscriptions:MinExpires {s.MinExpires} must be 1-3600 s (RFC 6665 forbids a minimum above an hour).");
        }

        if (s.MaxExpires < s.MinExpires)
        {
            errors.Add($"Subscriptions:MaxExpires {s.MaxExpires} is below MinExpires {s.MinExpires}.");
        }

        if (s.DefaultExpires < s.MinExpires || s.DefaultExpires > s.MaxExpires)
        {
            errors.Add($"Subscriptions:DefaultExpires {s.DefaultExpires} must lie between MinExpires and MaxExpires.");
        }

        if (s.MaxSubscriptions < 1)
        {
            errors.Add($"Subscriptions:MaxSubscriptions {s.MaxSubscriptions} must be at least 1.");
        }

        if (s.MaxListResources < 1)
        {
            errors.Add($"Subscriptions:MaxListResources {s.MaxListResources} must be at least 1.");
        }
    }

    private static void ValidateHttp(HttpOptions http, SipSection sip, List<string> errors)
    {
        foreach (var url in http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel binds every interface for the host '*' or '+' (as PublicBaseUrl expects); System.Uri rejects both.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            {
                errors.Add($"Http:Urls '{url}' is not an http(s) URL.");
            }
        }

        if (http.UsesHttps && sip.Tls.CertificatePath is null)
        {
            errors.Add("Http:Urls has an https URL but Sip:Tls:CertificatePath is not set: the avatars are served over HTTPS with the SIP TLS certificate.");
        }

        if (http.PublicBaseUrl is { } b && !(Uri.TryCreate(b, UriKind.Absolute, out var pu) && pu.Scheme is "http" or "https"))
        {
            errors.Add($"Http:PublicBaseUrl '{b}' is not an absolute http(s) URL.");
        }
    }
}
