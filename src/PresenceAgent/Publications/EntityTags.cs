using System.Security.Cryptography;

namespace PresenceAgent.Publications;

/// <summary>
/// Entity-tags for SIP-ETag (RFC 3903 §11.3.1). A tag is all a refresh, modify or removal has to show, so it comes from
/// the cryptographic generator: 128 bits, which no publisher can guess for another's publication. Never reused: each
/// 2xx carries a new one (RFC 3903 §6).
/// </summary>
internal static class EntityTags
{
    /// <summary>32 lowercase hex digits: a SIP token, safe in a header as it is.</summary>
    public static string New() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
