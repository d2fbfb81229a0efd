namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// How <see cref="DigestAuthenticator"/> challenges and what it keeps. Checked when the authenticator is built
/// (<see cref="ArgumentException"/>): the host validates its own configuration keys before that.
/// </summary>
public sealed record DigestOptions
{
    /// <summary>The protection space named in every challenge, and hashed into every password's HA1 (RFC 7616 §3.3).</summary>
    public required string Realm { get; init; }

    /// <summary>
    /// How long a nonce is accepted after it was issued; after that a correct answer gets a new nonce with
    /// <c>stale=true</c>. 300 s: a client that answers a challenge at once and reuses the nonce for its next few
    /// requests is not challenged again, and a captured nonce is soon worthless.
    /// </summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Offered in this order, one WWW-Authenticate each, the preferred first (RFC 8760 §2.4: SHA-256, then MD5 for
    /// clients that know nothing else). Clients that read only the first challenge and know only MD5 (SIPp 3.6) need
    /// MD5 alone.
    /// </summary>
    public IReadOnlyList<DigestAlgorithm> Algorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    /// <summary>
    /// Nonces whose highest nonce-count is remembered (replay protection, RFC 7616 §3.3). Only a correct answer adds
    /// one, so only a peer with credentials can grow the table; past the bound the least recently used go, and a nonce
    /// whose count was forgotten is answered with a fresh one (<c>stale=true</c>). 100 000 at about 100 bytes each:
    /// 10 MB, a new nonce answered every 3 ms for a whole nonce lifetime.
    /// </summary>
    public int MaxTrackedNonces { get; init; } = 100_000;

    /// <summary>
    /// Bytes of one Authorization value at most; a longer one gets 400 unread. 2 KiB: a digest answer is about 400
    /// bytes with a long Request-URI, and a peer's bytes are hashed here before anything else is known of it.
    /// </summary>
    public int MaxCredentialsBytes { get; init; } = 2048;

    /// <summary>Refusals are logged at most once per source address (an IPv6 /64) per this interval.</summary>
    public TimeSpan LogSampleInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Source addresses the log sampling keeps state for.</summary>
    public int MaxLoggedSources { get; init; } = 10_000;

    internal void Check()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Realm, nameof(Realm));
        if (Realm.AsSpan().ContainsAny('"', '\\') || Realm.AsSpan().ContainsAnyInRange('\0', '\x1f'))
        {
            throw new ArgumentException("The realm is a quoted-string: no quote, backslash or control character.", nameof(Realm));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NonceLifetime, TimeSpan.Zero, nameof(NonceLifetime));
        if (Algorithms.Count == 0 || Algorithms.Distinct().Count() != Algorithms.Count || Algorithms.Any(a => !Enum.IsDefined(a)))
        {
            throw new ArgumentException("Offer each algorithm at most once, and at least one.", nameof(Algorithms));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrackedNonces, 1, nameof(MaxTrackedNonces));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCredentialsBytes, 256, nameof(MaxCredentialsBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(LogSampleInterval, TimeSpan.Zero, nameof(LogSampleInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLoggedSources, 1, nameof(MaxLoggedSources));
    }
}
