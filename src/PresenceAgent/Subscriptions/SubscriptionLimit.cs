namespace PresenceAgent.Subscriptions;

/// <summary>A limit that refused a SUBSCRIBE; named in logs by its configuration key, so an admin knows what to raise.</summary>
internal enum SubscriptionLimit
{
    None,
    MaxSubscriptions,
    MaxPerSource,
    MaxPerWatcher,
    FetchRatePerSource,
    MaxBytesPerSubscription,
}

internal static class SubscriptionLimitKeys
{
    /// <summary>The configuration key, e.g. <c>Subscriptions:MaxPerSource</c>.</summary>
    public static string Key(this SubscriptionLimit limit) => limit switch
    {
        SubscriptionLimit.MaxSubscriptions => "Subscriptions:MaxSubscriptions",
        SubscriptionLimit.MaxPerSource => "Subscriptions:MaxPerSource",
        SubscriptionLimit.MaxPerWatcher => "Subscriptions:MaxPerWatcher",
        SubscriptionLimit.FetchRatePerSource => "Subscriptions:FetchRatePerSource",
        SubscriptionLimit.MaxBytesPerSubscription => "Subscriptions:MaxBytesPerSubscription",
        _ => "none",
    };

    /// <summary>The configured value of <paramref name="limit"/>.</summary>
    public static int ValueIn(this SubscriptionLimit limit, SubscriptionOptions options) => limit switch
    {
        SubscriptionLimit.MaxSubscriptions => options.MaxSubscriptions,
        SubscriptionLimit.MaxPerSource => options.MaxPerSource,
        SubscriptionLimit.MaxPerWatcher => options.MaxPerWatcher,
        SubscriptionLimit.FetchRatePerSource => options.FetchRatePerSource,
        SubscriptionLimit.MaxBytesPerSubscription => options.MaxBytesPerSubscription,
        _ => 0,
    };
}
