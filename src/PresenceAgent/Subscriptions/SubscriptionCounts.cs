namespace PresenceAgent.Subscriptions;

/// <summary>
/// Live subscriptions counted in all, per source and per watcher, under one lock so a limit holds exactly under
/// concurrent SUBSCRIBEs. A source or watcher is held only while it has a subscription, so the counts never hold more
/// keys than <see cref="SubscriptionOptions.MaxSubscriptions"/>.
/// </summary>
internal sealed class SubscriptionCounts
{
    private readonly Lock _gate = new();
    private readonly SubscriptionOptions _options;
    private readonly Dictionary<SourceKey, int> _bySource = [];
    private readonly Dictionary<ulong, int> _byWatcher = [];
    private int _total;

    public SubscriptionCounts(SubscriptionOptions options) => _options = options;

    /// <summary>
    /// The limit one more subscription from <paramref name="source"/> for <paramref name="watcher"/> would pass; None
    /// when it fits. A trusted source (Sip:TrustedPeers, a Front End pool relaying many users) has no per-source limit.
    /// </summary>
    public SubscriptionLimit Check(SourceKey source, bool trustedSource, ulong watcher)
    {
        lock (_gate)
        {
            return Full(source, trustedSource, watcher);
        }
    }

    /// <summary>Counts one subscription in unless a limit is reached.</summary>
    public SubscriptionLimit TryTake(SourceKey source, bool trustedSource, ulong watcher)
    {
        lock (_gate)
        {
            if (Full(source, trustedSource, watcher) is not SubscriptionLimit.None and var limit)
            {
                return limit;
            }

            _total++;
            _bySource[source] = _bySource.GetValueOrDefault(source) + 1;
            _byWatcher[watcher] = _byWatcher.GetValueOrDefault(watcher) + 1;
            return SubscriptionLimit.None;
        }
    }

    /// <summary>Counts out a subscription counted in by <see cref="TryTake"/>.</summary>
    public void Release(SourceKey source, ulong watcher)
    {
        lock (_gate)
        {
            _total--;
            Decrement(_bySource, source);
            Decrement(_byWatcher, watcher);
        }
    }

    private SubscriptionLimit Full(SourceKey source, bool trustedSource, ulong watcher)
    {
        if (_total >= _options.MaxSubscriptions)
        {
            return SubscriptionLimit.MaxSubscriptions;
        }

        if (!trustedSource && _bySource.GetValueOrDefault(source) >= _options.MaxPerSource)
        {
            return SubscriptionLimit.MaxPerSource;
        }

        return _byWatcher.GetValueOrDefault(watcher) >= _options.MaxPerWatcher ? SubscriptionLimit.MaxPerWatcher : SubscriptionLimit.None;
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        var left = counts.GetValueOrDefault(key) - 1;
        if (left > 0)
        {
            counts[key] = left;
        }
        else
        {
            counts.Remove(key);
        }
    }
}
