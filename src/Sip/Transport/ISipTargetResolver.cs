namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Turns a next-hop URI into targets in the order to try them. The seam for RFC 3263 NAPTR/SRV, which would pick
/// transport and port from DNS; today's <see cref="SipTargetResolver"/> does the A/AAAA part only.
/// </summary>
internal interface ISipTargetResolver
{
    /// <summary>
    /// Targets to try for <paramref name="host"/> in order; empty when the host has no address. <paramref name="port"/>
    /// is null when the URI had none (RFC 3263 would then look for SRV records). Throws nothing for bad input.
    /// </summary>
    ValueTask<IReadOnlyList<SipTarget>> ResolveAsync(string host, int? port, TransportProtocol protocol, CancellationToken cancellationToken);
}
