namespace PresenceAgent.Subscriptions;

internal static class TerminationReasons
{
    /// <summary>The reason as Subscription-State (RFC 6665 §4.1.3) and RLMI instances (RFC 4662 §5) write it.</summary>
    public static string Token(this TerminationReason reason) => reason switch
    {
        TerminationReason.Timeout => "timeout",
        TerminationReason.Deactivated => "deactivated",
        _ => "noresource",
    };
}
