using System.Net;
using Microsoft.Extensions.Options;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// The one check of <see cref="SipStackOptions"/>: names every bad item by its configuration key
/// (<c>Sip:Listeners:1:Address</c>) with a fix, all at once. The host reports these at start and in <c>check</c>.
/// </summary>
public sealed class SipStackOptionsValidator : IValidateOptions<SipStackOptions>
{
    private const string Sip = SipStackOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SipStackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Listeners is null || options.Listeners.Count == 0)
        {
            errors.Add($"{Sip}:Listeners: at least one listener is required, e.g. {{ \"Protocol\": \"Udp\", \"Address\": \"127.0.0.1\", \"Port\": 5060 }}.");
        }
        else
        {
            ValidateListeners(options, errors);
        }

        ValidateDomains(options.Domains, errors);
        CheckHost(options.Host, $"{Sip}:Host", errors);
        ValidateTls(options, errors);
        ValidateHosts(options.Hosts, errors);
        ValidateLimits(options.Limits, errors);
        ValidateTimers(options.Timers, errors);
        ValidateTransactions(options.Transactions, errors);
        ValidateTrustedPeers(options.TrustedPeers, errors);
        ValidateRateLimits(options.RateLimits, errors);
        ValidateDns(options.Dns, errors);
        if (options.ServerHeader is { } server && server.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            errors.Add($"{Sip}:ServerHeader: only printable ASCII is allowed (no line breaks or control characters).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateListeners(SipStackOptions options, List<string> errors)
    {
        var seen = new HashSet<(TransportProtocol, IPAddress, int)>();
        for (var i = 0; i < options.Listeners.Count; i++)
        {
            var listener = options.Listeners[i];
            var at = $"{Sip}:Listeners:{i}";
            if (listener is null)
            {
                errors.Add($"{at}: must not be empty.");
                continue;
            }

            if (!Enum.IsDefined(listener.Protocol))
            {
                errors.Add($"{at}:Protocol: '{listener.Protocol}' is not supported; use Udp, Tcp or Tls.");
            }

            if (listener.Port is < 0 or > 65535)
            {
                errors.Add($"{at}:Port: {listener.Port} is not a port; use 0–65535 (0 picks a free one; 5060, or 5061 for TLS, is the SIP default).");
            }

            if (!IPAddress.TryParse(listener.Address, out var address))
            {
                errors.Add($"{at}:Address: '{SipFailure.Sanitize(listener.Address ?? "")}' is not an IP address literal; use e.g. 127.0.0.1, 0.0.0.0 or ::.");
                continue;
            }

            if (Addresses.IsWildcard(address) && string.IsNullOrEmpty(options.Host))
            {
                errors.Add($"{at}:Address: {listener.Address} listens on every interface, so {Sip}:Host must name the host or address peers reach us at.");
            }

            if (listener.Port != 0 && !seen.Add((listener.Protocol, address, listener.PortOrDefault)))
            {
                errors.Add($"{at}: {listener.Protocol} {listener.Address}:{listener.PortOrDefault} is listed twice.");
            }
        }
    }

    private static void ValidateDomains(IReadOnlyList<string>? domains, List<string> errors)
    {
        if (domains is null || domains.Count == 0)
        {
            errors.Add($"{Sip}:Domains: empty; list the domains of the URIs peers address us by (e.g. vc.example.com).");
            return;
        }

        for (var i = 0; i < domains.Count; i++)
        {
            CheckHost(domains[i], $"{Sip}:Domains:{i}", errors, required: true);
        }
    }

    private static void ValidateTls(SipStackOptions options, List<string> errors)
    {
        var tls = options.Tls;
        if (tls is null)
        {
            errors.Add($"{Sip}:Tls: must not be empty.");
            return;
        }

        if (tls.CertificatePath is null)
        {
            for (var i = 0; i < (options.Listeners?.Count ?? 0); i++)
            {
                if (options.Listeners![i]?.Protocol == TransportProtocol.Tls)
                {
                    errors.Add($"{Sip}:Listeners:{i}:Protocol: Tls needs {Sip}:Tls:CertificatePath (a PFX file, or a PEM certificate with {Sip}:Tls:KeyPath).");
                }
            }

            if (tls.KeyPath is not null)
            {
                errors.Add($"{Sip}:Tls:KeyPath: is the key of a PEM certificate; set {Sip}:Tls:CertificatePath too.");
            }
        }
        else if (SipTlsFiles.CertificateProblem(tls) is { } problem)
        {
            errors.Add($"{Sip}:Tls:CertificatePath: '{tls.CertificatePath}' cannot be used: {problem}");
        }

        if (tls.TrustStorePath is not null && SipTlsFiles.TrustStoreProblem(tls) is { } trustProblem)
        {
            errors.Add($"{Sip}:Tls:TrustStorePath: '{tls.TrustStorePath}' cannot be used: {trustProblem}");
        }

        if (tls.HandshakeTimeout < TimeSpan.FromSeconds(1) || tls.HandshakeTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{Sip}:Tls:HandshakeTimeout: {tls.HandshakeTimeout} must be between 00:00:01 and 00:05:00 (default 10 s).");
        }

        var allowed = tls.AllowedPeerNames ?? [];
        if (allowed.Count > 0 && !tls.RequireClientCertificate)
        {
            errors.Add($"{Sip}:Tls:AllowedPeerNames: peers are only checked by name when {Sip}:Tls:RequireClientCertificate is true; set it.");
        }

        for (var i = 0; i < allowed.Count; i++)
        {
            if (!IsHostName(allowed[i]))
            {
                errors.Add($"{Sip}:Tls:AllowedPeerNames:{i}: '{SipFailure.Sanitize(allowed[i] ?? "")}' is not a host name (e.g. fe01.example.com; no wildcards).");
            }
        }
    }

    private static void ValidateHosts(IReadOnlyDictionary<string, string>? hosts, List<string> errors)
    {
        if (hosts is null)
        {
            errors.Add($"{Sip}:Hosts: must not be empty.");
            return;
        }

        foreach (var (name, address) in hosts)
        {
            if (!IsHostName(name))
            {
                errors.Add($"{Sip}:Hosts:{SipFailure.Sanitize(name)}: not a host name; the keys under {Sip}:Hosts are names such as fe01.example.com.");
            }
            else if (address is null || Addresses.TryParseLiteral(address) is null)
            {
                errors.Add($"{Sip}:Hosts:{name}: '{SipFailure.Sanitize(address ?? "")}' is not an IP address literal.");
            }
        }
    }

    private static void ValidateLimits(SipLimits? limits, List<string> errors)
    {
        if (limits is null)
        {
            errors.Add($"{Sip}:Limits: must not be empty.");
            return;
        }

        foreach (var (key, value, min, max) in SipLimits.Ranges)
        {
            if (value(limits) is var v && (v < min || v > max))
            {
                errors.Add($"{Sip}:Limits:{key}: {v} must be between {min} and {max}.");
            }
        }

        foreach (var (key, value, min, max) in SipLimits.DurationRanges)
        {
            if (value(limits) is var v && (v < min || v > max))
            {
                errors.Add($"{Sip}:Limits:{key}: {v} must be between {min} and {max}.");
            }
        }
    }

    private static void ValidateTimers(Transactions.SipTimerOptions? timers, List<string> errors)
    {
        if (timers is null)
        {
            errors.Add($"{Sip}:Timers: must not be empty.");
            return;
        }

        if (timers.T1 <= TimeSpan.Zero || timers.T1 > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{Sip}:Timers:T1: {timers.T1} must be above zero and at most 60 s (RFC 3261 default 500 ms).");
        }

        if (timers.T2 < timers.T1)
        {
            errors.Add($"{Sip}:Timers:T2: {timers.T2} must be at least T1 ({timers.T1}); RFC 3261 default 4 s.");
        }

        if (timers.T4 <= TimeSpan.Zero)
        {
            errors.Add($"{Sip}:Timers:T4: {timers.T4} must be above zero (RFC 3261 default 5 s).");
        }
    }

    private static void ValidateTransactions(Transactions.SipTransactionOptions? transactions, List<string> errors)
    {
        if (transactions is null)
        {
            errors.Add($"{Sip}:Transactions: must not be empty.");
            return;
        }

        const long min = Transactions.SipTransactionOptions.MinCompletedBytes;
        const long max = Transactions.SipTransactionOptions.MaxCompletedBytesLimit;
        if (transactions.MaxCompletedBytes is < min or > max)
        {
            errors.Add($"{Sip}:Transactions:MaxCompletedBytes: {transactions.MaxCompletedBytes} must be between {min} (1 MiB) and {max} (4 GiB); default {new Transactions.SipTransactionOptions().MaxCompletedBytes} (64 MiB).");
        }
    }

    private static void ValidateTrustedPeers(SipTrustedPeersOptions? trusted, List<string> errors)
    {
        if (trusted?.Networks is null)
        {
            errors.Add($"{Sip}:TrustedPeers:Networks: must not be null; leave it empty to trust no network.");
            return;
        }

        for (var i = 0; i < trusted.Networks.Count; i++)
        {
            if (!NetworkText.TryParse(trusted.Networks[i], out _))
            {
                errors.Add($"{Sip}:TrustedPeers:Networks:{i}: '{SipFailure.Sanitize(trusted.Networks[i] ?? "")}' is not a network; use an address or CIDR with the host bits zero (e.g. 192.0.2.10, 10.1.0.0/16, 2001:db8::/48).");
            }
        }
    }

    private static void ValidateRateLimits(SipRateLimitOptions? limits, List<string> errors)
    {
        if (limits is null)
        {
            errors.Add($"{Sip}:RateLimits: must not be empty.");
            return;
        }

        var defaults = new SipRateLimitOptions();
        CheckRange(limits.PerSecond, 1, 1_000_000, "PerSecond", defaults.PerSecond);
        CheckRange(limits.Burst, 1, 10_000_000, "Burst", defaults.Burst);
        CheckRange(limits.TrustedPerSecond, 1, 1_000_000, "TrustedPerSecond", defaults.TrustedPerSecond);
        CheckRange(limits.TrustedBurst, 1, 10_000_000, "TrustedBurst", defaults.TrustedBurst);
        CheckRange(limits.MaxTrackedSources, 100, 10_000_000, "MaxTrackedSources", defaults.MaxTrackedSources);

        void CheckRange(int value, int min, int max, string key, int defaultValue)
        {
            if (value < min || value > max)
            {
                errors.Add($"{Sip}:RateLimits:{key}: {value} must be between {min} and {max} (default {defaultValue}).");
            }
        }
    }

    private static void ValidateDns(SipDnsOptions? dns, List<string> errors)
    {
        if (dns is null)
        {
            errors.Add($"{Sip}:Dns: must not be empty.");
            return;
        }

        if (dns.Servers is null)
        {
            errors.Add($"{Sip}:Dns:Servers: must not be null; leave it empty to use the system's resolvers.");
        }
        else
        {
            for (var i = 0; i < dns.Servers.Count; i++)
            {
                if (!DnsServerAddress.TryParse(dns.Servers[i], out _))
                {
                    errors.Add($"{Sip}:Dns:Servers:{i}: '{SipFailure.Sanitize(dns.Servers[i] ?? "")}' is not a DNS server; use an IP address, ip:port or [IPv6]:port (e.g. 192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:5353).");
                }
            }
        }

        if (dns.Timeout < TimeSpan.FromMilliseconds(100) || dns.Timeout > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{Sip}:Dns:Timeout: {dns.Timeout} must be between 100 ms and 30 s (default 2 s).");
        }

        if (dns.Retries is < 0 or > 5)
        {
            errors.Add($"{Sip}:Dns:Retries: {dns.Retries} must be between 0 and 5 (default 2).");
        }

        if (dns.NegativeCacheTime < TimeSpan.Zero || dns.NegativeCacheTime > TimeSpan.FromHours(1))
        {
            errors.Add($"{Sip}:Dns:NegativeCacheTime: {dns.NegativeCacheTime} must be between zero and 1 hour (default 30 s).");
        }

        if (dns.MaxCacheEntries is < 1 or > 1_000_000)
        {
            errors.Add($"{Sip}:Dns:MaxCacheEntries: {dns.MaxCacheEntries} must be between 1 and 1000000 (default 10000).");
        }
    }

    /// <summary>A host name (not an IP literal) as RFC 3261 §25.1 allows it.</summary>
    private static bool IsHostName(string? name) =>
        !string.IsNullOrEmpty(name) && Addresses.TryParseLiteral(name) is null &&
        SipUri.TryParseHostPort(name, out _, out var port) && port is null;

    private static void CheckHost(string? host, string at, List<string> errors, bool required = false)
    {
        if (string.IsNullOrEmpty(host))
        {
            if (required)
            {
                errors.Add($"{at}: must not be empty.");
            }

            return;
        }

        // A host of RFC 3261 §25.1: a name, an IPv4 address, or an IPv6 reference; no port here.
        var candidate = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{host}]"
            : host;
        if (!SipUri.TryParseHostPort(candidate, out _, out var port) || port is not null)
        {
            errors.Add($"{at}: '{SipFailure.Sanitize(host)}' is not a host name or IP address (no port, no scheme).");
        }
    }
}
