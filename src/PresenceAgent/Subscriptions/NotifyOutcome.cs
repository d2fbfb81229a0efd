namespace PresenceAgent.Subscriptions;

/// <summary>
/// What the answer to a NOTIFY means for the subscription (RFC 6665 §4.2.2, RFC 5057; reference §1.8).
/// </summary>
internal static class NotifyOutcome
{
    /// <summary>True when the subscription must end after this final response.</summary>
    public static bool EndsSubscription(int statusCode) => statusCode switch
    {
        < 300 => false,

        // 408 from a proxy is a timeout in disguise (RFC 4320 §4.2); the rest are the codes RFC 6665 §4.2.2 and
        // RFC 5057 say mean the usage or dialog is gone.
        404 or 405 or 408 or 410 or 416 or (>= 480 and <= 485) or 489 or 501 or 604 => true,

        // Other failures (5xx with Retry-After, 401/407 we cannot answer, 3xx): keep the state; the watcher's
        // refresh re-installs it and expiry bounds it.
        _ => false,
    };
}
