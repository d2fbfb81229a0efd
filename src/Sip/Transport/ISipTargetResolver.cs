using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Turns a next-hop URI into targets in the order to try them. The seam for RFC 3263 NAPTR/SRV, which would pick
/// transport and port from DNS; today's <see cref="SipTargetResolver"/> does the A/AAAA part only.
/// </summary>
internal interface ISipTargetResolver
{
    /// <summary>Targets to try in order; empty when the host has no address. Throws nothing for bad input.</summary>
    ValueTask<IReadOnlyList<SipTarget>> ResolveAsync(SipUri nextHop, TransportProtocol protocol, CancellationToken cancellationToken);
}
