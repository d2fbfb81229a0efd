using System.Net;
using Microsoft.Extensions.Options;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Core;

/// <summary>Checks <see cref="SipStackOptions"/> and names every bad item with a fix, all at once.</summary>
public sealed class SipStackOptionsValidator : IValidateOptions<SipStackOptions>
{
    public ValidateOptionsResult Validate(string? name, SipStackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Listeners is null || options.Listeners.Count == 0)
        {
            errors.Add("Listeners: at least one listener is required, e.g. { \"Protocol\": \"Udp\", \"Address\": \"0.0.0.0\", \"Port\": 5060 }.");
        }
        else
        {
            ValidateListeners(options, errors);
        }

        CheckHost(options.ViaHost, nameof(SipStackOptions.ViaHost), errors);
        CheckHost(options.ContactHost, nameof(SipStackOptions.ContactHost), errors);
        for (var i = 0; i < (options.ServedDomains?.Count ?? 0); i++)
        {
            CheckHost(options.ServedDomains![i], $"ServedDomains[{i}]", errors, required: true);
        }

        if (options.ServerHeader is { } server && server.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            errors.Add("ServerHeader: only printable ASCII is allowed (no line breaks or control characters).");
        }

        var timers = options.Timers;
        if (timers is null)
        {
            errors.Add("Timers: must not be null.");
        }
        else
        {
            if (timers.T1 <= TimeSpan.Zero || timers.T1 > TimeSpan.FromSeconds(60))
            {
                errors.Add($"Timers.T1: {timers.T1} must be above zero and at most 60 s (RFC 3261 default 500 ms).");
            }

            if (timers.T2 < timers.T1)
            {
                errors.Add($"Timers.T2: {timers.T2} must be at least T1 ({timers.T1}); RFC 3261 default 4 s.");
            }

            if (timers.T4 <= TimeSpan.Zero)
            {
                errors.Add($"Timers.T4: {timers.T4} must be above zero (RFC 3261 default 5 s).");
            }
        }

        if (options.Limits is null)
        {
            errors.Add("Limits: must not be null.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateListeners(SipStackOptions options, List<string> errors)
    {
        var seen = new HashSet<(TransportProtocol, IPAddress, int)>();
        for (var i = 0; i < options.Listeners.Count; i++)
        {
            var listener = options.Listeners[i];
            var at = $"Listeners[{i}]";
            if (listener is null)
            {
                errors.Add($"{at}: must not be null.");
                continue;
            }

            if (!Enum.IsDefined(listener.Protocol))
            {
                errors.Add($"{at}.Protocol: '{listener.Protocol}' is not supported; use Udp or Tcp.");
            }

            if (listener.Port is < 0 or > 65535)
            {
                errors.Add($"{at}.Port: {listener.Port} is not a port; use 0–65535 (0 picks a free one, 5060 is the SIP default).");
            }

            if (!IPAddress.TryParse(listener.Address, out var address))
            {
                errors.Add($"{at}.Address: '{listener.Address}' is not an IP address literal; use e.g. 0.0.0.0, ::, or 192.0.2.10.");
                continue;
            }

            if (Addresses.IsWildcard(address) && string.IsNullOrEmpty(options.ViaHost))
            {
                errors.Add($"{at}.Address: {listener.Address} listens on every interface, so ViaHost must name the host or address peers reach us at.");
            }

            if (listener.Port != 0 && !seen.Add((listener.Protocol, address, listener.Port)))
            {
                errors.Add($"{at}: {listener.Protocol} {listener.Address}:{listener.Port} is listed twice.");
            }
        }
    }

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
