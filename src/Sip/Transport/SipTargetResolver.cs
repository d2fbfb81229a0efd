using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// RFC 3263 without NAPTR/SRV: an IP literal is used as it is, a name is looked up in the configured static hosts
/// map and then for A and AAAA records, and the port is the URI's or the protocol's default (5060, or 5061 for TLS,
/// RFC 3261 §19.1.2). The URI's <c>maddr</c> is ignored: it is deprecated for this use (RFC 3261 §19.1.1 calls it a way
/// to override the host) and no peer of a presence agent needs it.
/// </summary>
internal sealed class SipTargetResolver : ISipTargetResolver
{
    private readonly ILogger _logger;
    private readonly FrozenDictionary<string, IPAddress> _hosts;

    // NOTIFYs and responses go to the same few hosts (a Front End pool, a proxy) over and over: the last literal's
    // answer is kept rather than parsed and allocated again for each message. Immutable, so threads share it
    // without a lock.
    private volatile LiteralAnswer? _lastLiteral;

    /// <summary><paramref name="hosts"/> are answered without DNS (like /etc/hosts), ignoring case and a trailing dot.</summary>
    public SipTargetResolver(ILogger logger, IReadOnlyDictionary<string, IPAddress>? hosts = null)
    {
        _logger = logger;
        var byName = new Dictionary<string, IPAddress>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, address) in hosts ?? FrozenDictionary<string, IPAddress>.Empty)
        {
            byName[name.TrimEnd('.')] = Addresses.Normalize(address);
        }

        _hosts = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public async ValueTask<IReadOnlyList<SipTarget>> ResolveAsync(string host, int? uriPort, TransportProtocol protocol, CancellationToken cancellationToken)
    {
        var port = uriPort ?? protocol.DefaultPort();
        if (_lastLiteral is { } last && last.Port == port && last.Protocol == protocol && string.Equals(last.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            return last.Targets;
        }

        if (Addresses.TryParseLiteral(host) is { } literal)
        {
            SipTarget[] one = [new SipTarget(protocol, new IPEndPoint(literal, port))];
            _lastLiteral = new LiteralAnswer(host, port, protocol, one);
            return one;
        }

        if (_hosts.TryGetValue(host.TrimEnd('.'), out var mapped))
        {
            return [new SipTarget(protocol, new IPEndPoint(mapped, port))];
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            TransportLog.HostUnresolved(_logger, host, ex.SocketErrorCode.ToString());
            return [];
        }

        var targets = new SipTarget[addresses.Length];
        for (var i = 0; i < addresses.Length; i++)
        {
            targets[i] = new SipTarget(protocol, new IPEndPoint(Addresses.Normalize(addresses[i]), port));
        }

        return targets;
    }

    private sealed record LiteralAnswer(string Host, int Port, TransportProtocol Protocol, IReadOnlyList<SipTarget> Targets);
}
