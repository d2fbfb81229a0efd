namespace PresenceAgent.Publications;

/// <summary>
/// One peer allowed to PUBLISH (<c>Publications:Publishers:N</c>), by source network, by TLS client certificate, or
/// both: a request from either counts as this publisher.
/// </summary>
public sealed record PublisherOptions
{
    /// <summary>Names the publisher in logs (e.g. <c>pexip-nodes</c>); unique.</summary>
    public string Name { get; init; } = "";

    /// <summary>
    /// Source networks in CIDR form or single addresses, IPv4 or IPv6 (as Sip:TrustedPeers:Networks). A UDP source can
    /// be forged: list only networks whose forged sources the edge drops, or name the publisher by certificate instead.
    /// </summary>
    public List<string> Networks { get; init; } = [];

    /// <summary>
    /// Host names the publisher's TLS client certificate carries (subjectAltName DNS names, else the common name),
    /// matched exactly ignoring case: a wildcard certificate names no one publisher. Needs
    /// Sip:Tls:RequireClientCertificate, and each name in Sip:Tls:AllowedPeerNames when that list is set.
    /// </summary>
    public List<string> PeerNames { get; init; } = [];
}
