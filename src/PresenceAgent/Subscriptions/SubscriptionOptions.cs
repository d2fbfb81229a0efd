namespace PresenceAgent.Subscriptions;

/// <summary>
/// Subscription lifetime bounds (RFC 6665 §4.2.1.1, RFC 3856 §6.4) and the limits that keep one source or watcher
/// from taking what all share. Each limit's range is checked at start (ConfigurationValidator).
/// </summary>
public sealed class SubscriptionOptions
{
    /// <summary>Granted when a SUBSCRIBE has no Expires: the presence package default, 3600 s (RFC 3856 §6.4).</summary>
    public int DefaultExpires { get; init; } = 3600;

    /// <summary>Below this a non-zero Expires gets 423 with Min-Expires. 60 s keeps refresh traffic bounded.</summary>
    public int MinExpires { get; init; } = 60;

    /// <summary>Requests for longer are shortened to this (a notifier may shorten, never lengthen).</summary>
    public int MaxExpires { get; init; } = 3600;

    /// <summary>Live subscriptions at most; past it new ones get 503 with Retry-After so memory stays bounded.</summary>
    public int MaxSubscriptions { get; init; } = 1_000_000;

    /// <summary>
    /// Resources in one list subscription at most; a batched SUBSCRIBE naming more gets 413. [MS-SIP] §3.3.4.1 suggests
    /// a server cap batches at 100-250; 250 lets a large contact list through in one subscription.
    /// </summary>
    public int MaxListResources { get; init; } = 250;

    /// <summary>
    /// Live subscriptions from one source address (IPv6: per /64); past it 503. 100,000: a Front End pool relays all
    /// its users from a few addresses (20,000 users watching five rooms), yet no stranger takes a tenth of the table.
    /// </summary>
    public int MaxPerSource { get; init; } = 100_000;

    /// <summary>
    /// Live subscriptions of one watcher (its From address of record, from any source); past it 503. 1,000: ten
    /// endpoints of one person watching 100 rooms or numbers each, while one forged From cannot fill the table.
    /// </summary>
    public int MaxPerWatcher { get; init; } = 1_000;

    /// <summary>
    /// Bytes of the peer's text one subscription keeps (the header values its dialog holds, the Request-URI, a Lync
    /// batch's URIs); past it 413 (the batch is too big) or 513 (the headers are). 16 KiB: a 250-contact batch through
    /// two Front Ends keeps about 10 KB.
    /// </summary>
    public int MaxBytesPerSubscription { get; init; } = 16 * 1024;

    /// <summary>
    /// Fetches (new SUBSCRIBEs with Expires: 0) a second from one source, its token bucket's refill; past it 503. 50:
    /// each costs a SUBSCRIBE and a NOTIFY transaction, and a pool's users opening contact cards stay well below.
    /// </summary>
    public int FetchRatePerSource { get; init; } = 50;

    /// <summary>Fetches one source may send at once before the rate applies. 500: ten seconds' worth, for a pool's morning sign-in.</summary>
    public int FetchBurstPerSource { get; init; } = 500;

    /// <summary>Sources whose fetch buckets are kept (beyond, newcomers share one). 10,000: about 2 MB, more peers than a presence server has at once.</summary>
    public int MaxFetchSources { get; init; } = 10_000;
}
