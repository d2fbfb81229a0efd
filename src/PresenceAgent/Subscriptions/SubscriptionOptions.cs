namespace PresenceAgent.Subscriptions;

/// <summary>Subscription lifetime bounds (RFC 6665 §4.2.1.1, RFC 3856 §6.4).</summary>
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
}
