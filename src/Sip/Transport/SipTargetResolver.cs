using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// RFC 3263 without NAPTR/SRV: an IP literal is used as it is, a name is looked up for A and AAAA records, and the
/// port is the URI's or 5060 (RFC 3261 §19.1.2). The URI's <c>maddr</c> is ignored: it is deprecated for this use
/// (RFC 3261 §19.1.1 calls it a way to override the host) and no peer of a presence agent needs it.
/// </summary>
internal sealed class SipTargetResolver(ILogger logger) : ISipTargetResolver
{
    public const int DefaultPort = 5060;

    // NOTIFYs and responses go to the same few hosts (a Front End pool, a proxy) over and over: the last literal's
    // answer is kept rather than parsed and allocated again for each message. Immutable, so threads share it
    // without a lock.
    private volatile LiteralAnswer? _lastLiteral;

    public async ValueTask<IReadOnlyList<SipTarget>> ResolveAsync(string host, int? uriPort, TransportProtocol protocol, CancellationToken cancellationToken)
    {
        var port = uriPort ?? DefaultPort;
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

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            TransportLog.HostUnresolved(logger, host, ex.SocketErrorCode.ToString());
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
