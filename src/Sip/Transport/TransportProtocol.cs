namespace PresenceAgent.Sip.Transport;

/// <summary>
/// The transports the stack listens and sends on. TLS and WebSocket (RFC 7118) are expected to join as new members;
/// code that switches on this enum treats anything it does not know as unsupported.
/// </summary>
public enum TransportProtocol
{
    Udp,
    Tcp,
}
