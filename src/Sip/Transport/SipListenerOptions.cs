namespace PresenceAgent.Sip.Transport;

/// <summary>One socket to listen on. Port 0 asks the system for a free port (see <see cref="Core.SipStack.LocalEndPoints"/>).</summary>
public sealed record SipListenerOptions
{
    /// <summary>Udp, Tcp, or Tls (which needs <see cref="SipTlsOptions.CertificatePath"/>).</summary>
    public TransportProtocol Protocol { get; init; } = TransportProtocol.Udp;

    /// <summary>An IPv4 or IPv6 address literal; 0.0.0.0 or :: listen on every interface of that family.</summary>
    public string Address { get; init; } = "0.0.0.0";

    /// <summary>Null means the RFC 3261 §19.1.2 port of the protocol: 5060 for UDP and TCP, 5061 for TLS.</summary>
    public int? Port { get; init; }

    /// <summary>The port to bind: <see cref="Port"/>, or the protocol's default.</summary>
    internal int PortOrDefault => Port ?? Protocol.DefaultPort();
}
