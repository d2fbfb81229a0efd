using System.Net;

namespace PresenceAgent.Sip.Transport;

/// <summary>An endpoint the stack is bound to, with the actual port when the configuration asked for port 0.</summary>
public readonly record struct SipListenerEndPoint(TransportProtocol Protocol, IPEndPoint EndPoint)
{
    public override string ToString() => $"{Protocol} {EndPoint}";
}
