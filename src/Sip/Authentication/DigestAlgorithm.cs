namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// The digest algorithms the authenticator offers (RFC 8760 §2.3). Their -sess variants are not offered: they only
/// help when a third party computes HA1 for the server (RFC 7616 §3.4.2), and a client that answers with one is
/// challenged again.
/// </summary>
public enum DigestAlgorithm
{
    /// <summary>SHA-256 (RFC 7616 §6.1), offered first to every client that knows it.</summary>
    Sha256,

    /// <summary>MD5, the only algorithm of RFC 3261: for clients older than RFC 8760.</summary>
    Md5,
}
