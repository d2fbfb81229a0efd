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

    /// <summary>The Subscription-State of a NOTIFY that ends a subscription for <paramref name="reason"/> (RFC 6665 §4.1.3).</summary>
    public static string TerminatedState(this TerminationReason reason) => reason switch
    {
        TerminationReason.Timeout => "terminated;reason=timeout",
        TerminationReason.Deactivated => "terminated;reason=deactivated",
        _ => "terminated;reason=noresource",
    };
}
