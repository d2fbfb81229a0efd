using System.Net;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// The socket a message came on or went out on: for UDP the listener's local endpoint and the peer's address; for TCP
/// the connection. A flow from an incoming SUBSCRIBE can be handed back to <see cref="Core.SipStack.SendRequestAsync"/>
/// so NOTIFYs reuse the connection the watcher opened (the idea of RFC 5626 flows).
/// </summary>
public readonly record struct SipFlow(TransportProtocol Protocol, IPEndPoint LocalEndPoint, IPEndPoint RemoteEndPoint)
{
    public override string ToString() => $"{Protocol} {LocalEndPoint}<->{RemoteEndPoint}";
}
