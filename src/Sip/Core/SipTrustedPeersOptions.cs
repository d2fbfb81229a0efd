namespace PresenceAgent.Sip.Core;

/// <summary>
/// Peers whose Contact and route set the agent follows, and who get the higher rate limits (key <c>Sip:TrustedPeers</c>):
/// Front Ends and proxies we serve. Every other peer is a watcher whose requests we answer where they came from.
/// Besides these networks, a TLS peer is trusted when <c>Sip:Tls:RequireClientCertificate</c> is on and its
/// certificate named one of <c>Sip:Tls:AllowedPeerNames</c>: those names already are the configured Front Ends.
/// </summary>
public sealed record SipTrustedPeersOptions
{
    /// <summary>
    /// Networks in CIDR form or single addresses, IPv4 or IPv6 (e.g. "10.1.0.0/16", "192.0.2.10", "2001:db8::/48").
    /// Default none. A UDP source address can be forged: list only networks that the edge filters forged sources of
    /// (ingress filtering), or trust peers by certificate over TLS instead.
    /// </summary>
    public IReadOnlyList<string> Networks { get; init; } = [];
}
