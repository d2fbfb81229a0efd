using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// Turns the host, port and transport of a next-hop URI into the targets to try, in order (RFC 3263 §4: NAPTR, then
/// SRV, then A/AAAA). The transaction layer fails over along the list (§4.3).
/// </summary>
internal interface ISipTargetResolver
{
    /// <summary>
    /// Targets to try for <paramref name="host"/>, in order; empty when it has none (the reason is logged) or when
    /// <paramref name="cancellationToken"/> fires. <paramref name="port"/> is null when the URI had none, and
    /// <paramref name="transport"/> when it named none (a <c>sip:</c> URI without <c>transport=</c>): DNS then chooses.
    /// Throws nothing.
    /// </summary>
    ValueTask<IReadOnlyList<SipTarget>> ResolveAsync(string host, int? port, TransportProtocol? transport, CancellationToken cancellationToken);
}
