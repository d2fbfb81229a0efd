using System.Net;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// Whether the peer of a flow is trusted (<see cref="SipTrustedPeersOptions"/>): its source address is in a trusted
/// network, or it is a TLS peer that connected to one of our TLS listeners with a client certificate that named one of
/// <see cref="SipTlsOptions.AllowedPeerNames"/> (the transport refuses every other certificate there). Read-only after
/// construction; no allocation per check.
/// </summary>
internal sealed class PeerTrust
{
    private readonly IPNetwork[] _networks;
    private readonly bool _byCertificate;
    private readonly Func<IReadOnlyList<SipListenerEndPoint>> _listeners;
    private readonly Func<SipFlow, IReadOnlyList<string>> _certificateNames;

    /// <param name="options">The validated stack options.</param>
    /// <param name="listeners">The bound listeners, read at each TLS check: ports picked at bind are known only then.</param>
    /// <param name="certificateNames">The names the client certificate of an accepted TLS flow presented.</param>
    public PeerTrust(SipStackOptions options, Func<IReadOnlyList<SipListenerEndPoint>> listeners, Func<SipFlow, IReadOnlyList<string>> certificateNames)
    {
        _certificateNames = certificateNames;
        // SipStackOptionsValidator has refused anything that does not parse before the stack is built.
        _networks = [.. options.TrustedPeers.Networks.Select(n => NetworkText.TryParse(n, out var network) ? network : throw new ArgumentException($"Not a network: {n}", nameof(options)))];
        _byCertificate = options.Tls.RequireClientCertificate && options.Tls.AllowedPeerNames.Count > 0;
        _listeners = listeners;
    }

    public bool IsTrusted(SipFlow flow)
    {
        if (_byCertificate && flow.Protocol == TransportProtocol.Tls && IsInbound(flow))
        {
            return true;
        }

        return IsTrustedAddress(flow.RemoteEndPoint.Address);
    }

    /// <summary>
    /// The host names of the client certificate the peer of <paramref name="flow"/> presented when it connected to a TLS
    /// listener that requires one (<see cref="SipTlsOptions.RequireClientCertificate"/>); empty for any other flow.
    /// </summary>
    public IReadOnlyList<string> CertificateNamesOf(SipFlow flow) =>
        flow.Protocol == TransportProtocol.Tls ? _certificateNames(flow) : [];

    /// <summary>Whether <paramref name="address"/> is in a trusted network.</summary>
    public bool IsTrustedAddress(IPAddress address)
    {
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A connection the peer made to a TLS listener (its certificate was checked), not one we opened.</summary>
    private bool IsInbound(SipFlow flow)
    {
        var local = flow.LocalEndPoint;
        var listeners = _listeners();
        for (var i = 0; i < listeners.Count; i++)
        {
            var listener = listeners[i];
            if (listener.Protocol == TransportProtocol.Tls && listener.EndPoint.Port == local.Port &&
                (Addresses.IsWildcard(listener.EndPoint.Address) || listener.EndPoint.Address.Equals(local.Address)))
            {
                return true;
            }
        }

        return false;
    }
}
