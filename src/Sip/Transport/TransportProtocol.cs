namespace PresenceAgent.Sip.Transport;

/// <summary>
/// The transports the stack listens and sends on. WebSocket (RFC 7118) is expected to join as a new member; code that
/// switches on this enum treats anything it does not know as unsupported.
/// </summary>
public enum TransportProtocol
{
    Udp,
    Tcp,

    /// <summary>TLS over TCP (RFC 3261 §26.2), with the TCP framing, limits and connection table.</summary>
    Tls,
}
