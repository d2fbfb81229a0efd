using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Logging;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// The transport's Warnings that a peer can trigger at will, each through its own <see cref="PeerLogSampler"/>: the
/// first per peer is logged, then one per <see cref="SipLimits.LogSampleInterval"/> with the count left out.
/// </summary>
internal sealed class PeerWarnings(SipLimits limits, TimeProvider time, ILogger logger)
{
    // MaxConnections is the whole server's limit, reached by many peers at once: sampled as one, not per peer.
    private static readonly IPAddress s_everyone = IPAddress.Any;

    private readonly PeerLogSampler _perAddress = Sampler(limits, time);
    private readonly PeerLogSampler _cap = Sampler(limits, time);
    private readonly PeerLogSampler _outbound = Sampler(limits, time);
    private readonly PeerLogSampler _writeTimedOut = Sampler(limits, time);
    private readonly PeerLogSampler _queueFull = Sampler(limits, time);
    private readonly PeerLogSampler _udpOverflow = Sampler(limits, time);
    private readonly PeerLogSampler[] _tlsClient = [.. Enum.GetValues<TlsRefusalKind>().Select(_ => Sampler(limits, time))];
    private readonly PeerLogSampler[] _tlsServer = [.. Enum.GetValues<TlsRefusalKind>().Select(_ => Sampler(limits, time))];

    public void ConnectionRefused(IPEndPoint remote, ConnectionLimit limit)
    {
        if (limit == ConnectionLimit.MaxConnections)
        {
            if (_cap.ShouldLog(s_everyone, out var all))
            {
                TransportLog.ConnectionCapReached(logger, remote, limits.MaxConnections, all);
            }
        }
        else if (_perAddress.ShouldLog(remote.Address, out var suppressed))
        {
            TransportLog.ConnectionLimitReached(logger, remote, limits.MaxConnectionsPerAddress, suppressed);
        }
    }

    public void OutboundRefused(IPEndPoint remote, ConnectionLimit limit)
    {
        var value = limit switch
        {
            ConnectionLimit.MaxConnections => limits.MaxConnections,
            ConnectionLimit.MaxOutboundConnections => limits.MaxOutboundConnections,
            _ => limits.MaxOutboundConnectionsPerAddress,
        };

        // The global limits are reached by all destinations together: sampled as one, like MaxConnections above.
        var peer = limit == ConnectionLimit.MaxOutboundConnectionsPerAddress ? remote.Address : s_everyone;
        if (_outbound.ShouldLog(peer, out var suppressed))
        {
            TransportLog.OutboundLimitReached(logger, remote, limit, value, suppressed);
        }
    }

    public void WriteTimedOut(IPEndPoint remote, long queued)
    {
        if (_writeTimedOut.ShouldLog(remote.Address, out var suppressed))
        {
            TransportLog.WriteTimedOut(logger, remote, limits.WriteTimeout, queued, suppressed);
        }
    }

    public void SendQueueFull(IPEndPoint remote, int bytes, long queued)
    {
        if (_queueFull.ShouldLog(remote.Address, out var suppressed))
        {
            TransportLog.SendQueueFull(logger, bytes, remote, queued, limits.MaxQueuedBytesPerConnection, suppressed);
        }
    }

    /// <summary>Sampled per listener address: under sustained overload a queue overflows and drains many times a second.</summary>
    public void UdpQueueOverflowed(IPEndPoint listener, uint dropped)
    {
        if (_udpOverflow.ShouldLog(listener.Address, out var suppressed))
        {
            var retryAfter = limits.OverloadRetryAfterSeconds;
            if (retryAfter > 0)
            {
                TransportLog.UdpQueueOverflowed(logger, listener, dropped, retryAfter, suppressed);
            }
            else
            {
                TransportLog.UdpQueueOverflowedNoShedding(logger, listener, dropped, suppressed);
            }
        }
    }

    /// <summary>Sampled per peer and per kind of refusal.</summary>
    public void TlsClientRefused(IPEndPoint remote, TlsRefusal refusal)
    {
        if (_tlsClient[(int)refusal.Kind].ShouldLog(remote.Address, out var suppressed))
        {
            TransportLog.TlsClientRefused(logger, remote, refusal.Reason, suppressed);
        }
    }

    /// <summary>
    /// Sampled per peer and per kind of refusal. <paramref name="host"/> comes from a URI a peer may have chosen (a
    /// Contact), so it is sanitized here.
    /// </summary>
    public void TlsServerRefused(string host, IPEndPoint remote, TlsRefusal refusal)
    {
        if (_tlsServer[(int)refusal.Kind].ShouldLog(remote.Address, out var suppressed))
        {
            TransportLog.TlsServerRefused(logger, SipFailure.Sanitize(host), remote, refusal.Reason, suppressed);
        }
    }

    private static PeerLogSampler Sampler(SipLimits limits, TimeProvider time) =>
        new(limits.LogSampleInterval, limits.MaxTrackedAddresses, time);
}
