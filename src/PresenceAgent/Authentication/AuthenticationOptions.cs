using PresenceAgent.Sip.Authentication;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Authentication;

/// <summary>
/// The <c>Authentication</c> section: digest authentication (RFC 3261 §22, RFC 8760) of SUBSCRIBE and PUBLISH from
/// peers that are not trusted (<c>Sip:TrustedPeers</c>, mutual TLS names). Off by default. Each value is checked at
/// start (<see cref="AuthenticationOptionsValidator"/>).
/// </summary>
public sealed record AuthenticationOptions
{
    public const string SectionName = "Authentication";

    /// <summary>Challenge requests of <see cref="Methods"/> from untrusted peers. Off: the From address is taken on trust.</summary>
    public bool Enabled { get; init; }

    /// <summary>The realm of every challenge, hashed into each password's HA1; unset: the first of Sip:Domains.</summary>
    public string? Realm { get; init; }

    /// <summary>
    /// Seconds a nonce is accepted after it was issued; then a correct answer gets a new one (stale=true). 300: a
    /// client reuses its nonce for the requests that follow a challenge, and a captured one is soon worthless.
    /// </summary>
    public int NonceLifetimeSeconds { get; init; } = 300;

    /// <summary>
    /// Methods challenged: SUBSCRIBE, PUBLISH. Unset: SUBSCRIBE alone, since publishers are configured peers already
    /// and a conferencing node that cannot answer a challenge would stop publishing.
    /// </summary>
    public List<string>? Methods { get; init; }

    /// <summary>
    /// Algorithms offered, one challenge each, in this order: SHA-256, MD5. Unset: SHA-256 then MD5 (RFC 8760 §2.4).
    /// MD5 alone for clients that read only the first challenge and know only MD5 (SIPp 3.6).
    /// </summary>
    public List<string>? Algorithms { get; init; }

    /// <summary>
    /// Nonces whose nonce-count is kept against replays; past it the least recently used go, and their clients are
    /// challenged again (stale=true). Only a correct answer adds one. 100 000: about 10 MB.
    /// </summary>
    public int MaxTrackedNonces { get; init; } = 100_000;

    /// <summary>Who may authenticate.</summary>
    public List<AuthenticationUserOptions> Users { get; init; } = [];

    internal static readonly string[] DefaultMethods = [SipMethods.Subscribe];

    internal static readonly string[] ChallengeableMethods = [SipMethods.Subscribe, SipMethods.Publish];

    internal static readonly string[] DefaultAlgorithms = [DigestAlgorithmNames.Sha256, DigestAlgorithmNames.Md5];

    /// <summary>The realm in force: <see cref="Realm"/>, else the first served domain; null when there is neither.</summary>
    internal string? RealmIn(SipStackOptions sip) => Realm ?? (sip.Domains.Count > 0 ? sip.Domains[0] : null);

    internal IReadOnlyList<string> MethodsInForce => Methods ?? (IReadOnlyList<string>)DefaultMethods;

    internal IReadOnlyList<string> AlgorithmsInForce => Algorithms ?? (IReadOnlyList<string>)DefaultAlgorithms;
}
