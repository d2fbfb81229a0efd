namespace PresenceAgent.Subscriptions;

/// <summary>What a NOTIFY says in Subscription-State (RFC 6665 §4.1.3): active, or terminated with a reason.</summary>
internal readonly record struct SubscriptionStatus(TerminationReason? Reason)
{
    public static SubscriptionStatus Active => default;

    public bool IsTerminated => Reason is not null;

    public static SubscriptionStatus Terminated(TerminationReason reason) => new(reason);
}

/// <summary>Reasons we send, with the watcher behaviour each asks for (reference §1.5).</summary>
internal enum TerminationReason : byte
{
    /// <summary>Not refreshed in time, or the answer to an unsubscribe/fetch; the watcher may subscribe again.</summary>
    Timeout,

    /// <summary>The agent is stopping; the watcher should subscribe again at once.</summary>
    Deactivated,

    /// <summary>The contact no longer exists; the watcher should not subscribe again.</summary>
    NoResource,
}
