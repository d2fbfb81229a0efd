using System.Net;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Locating;

/// <summary>One place to try sending a request: a transport and an address (RFC 3263 §4 calls it a target).</summary>
internal readonly record struct SipTarget(TransportProtocol Protocol, IPEndPoint EndPoint)
{
    public override string ToString() => $"{Protocol} {EndPoint}";
}
