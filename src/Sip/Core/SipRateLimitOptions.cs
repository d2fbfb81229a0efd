namespace PresenceAgent.Sip.Core;

/// <summary>
/// Token buckets per source address for new out-of-dialog requests (key <c>Sip:RateLimits</c>); IPv6 sources count
/// per /64, the least a host is given to pick addresses from. Over the limit a SUBSCRIBE or PUBLISH gets 503 with
/// Retry-After, so a client backs off; any other method is dropped, so a flood gets no answers to reflect.
/// </summary>
public sealed record SipRateLimitOptions
{
    /// <summary>
    /// Sustained new requests a second from one untrusted source. Default 20: a client signs in with a handful; 20 a
    /// second is a busy office behind one NAT address. 1 to 1,000,000.
    /// </summary>
    public int PerSecond { get; init; } = 20;

    /// <summary>
    /// Requests an untrusted source may send at once, before <see cref="PerSecond"/> paces it. Default 500: a client
    /// without resource lists subscribes to each of a few hundred contacts at sign-in, and many such clients handle a
    /// 503 poorly; an office behind one NAT address signs in at once too. 1 to 10,000,000.
    /// </summary>
    public int Burst { get; init; } = 500;

    /// <summary>
    /// Sustained new requests a second from one trusted peer (<c>Sip:TrustedPeers</c>). Default 2,000: a Front End pool
    /// carries thousands of users, each subscribing on its own. 1 to 1,000,000.
    /// </summary>
    public int TrustedPerSecond { get; init; } = 2_000;

    /// <summary>
    /// Requests a trusted peer may send at once. Default 20,000: a restarted Front End resubscribes all its users within
    /// seconds. 1 to 10,000,000.
    /// </summary>
    public int TrustedBurst { get; init; } = 20_000;

    /// <summary>
    /// Sources tracked at once, about 50 bytes each. Default 100,000 (~5 MB). When full, sources whose buckets have
    /// refilled are forgotten (at most once a second); until room is made, new sources share one bucket, so forged
    /// sources cannot grow the table. 100 to 10,000,000.
    /// </summary>
    public int MaxTrackedSources { get; init; } = 100_000;
}
