namespace PresenceAgent.Sip.Transport;

/// <summary>One socket to listen on. Port 0 asks the system for a free port (see <see cref="Core.SipStack.LocalEndPoints"/>).</summary>
public sealed record SipListenerOptions
{
    public TransportProtocol Protocol { get; init; } = TransportProtocol.Udp;

    /// <summary>An IPv4 or IPv6 address literal; 0.0.0.0 or :: listen on every interface of that family.</summary>
    public string Address { get; init; } = "0.0.0.0";

    /// <summary>Default 5060, the RFC 3261 §19.1.2 port for sip: over UDP and TCP.</summary>
    public int Port { get; init; } = 5060;
}
