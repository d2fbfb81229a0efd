using System.Threading.RateLimiting;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// Fetches (a new SUBSCRIBE with Expires: 0) per source: a token bucket each, of
/// <see cref="SubscriptionOptions.FetchBurstPerSource"/> tokens refilled at
/// <see cref="SubscriptionOptions.FetchRatePerSource"/> a second. A fetch holds nothing once answered, so the
/// subscription limits never see it; without this one source could keep us building documents all day.
/// At most <see cref="SubscriptionOptions.MaxFetchSources"/> buckets are kept: when full, buckets that have refilled
/// (their source idle, so forgetting them changes nothing) are dropped, at most once a second; a source that still
/// finds no room shares one bucket with every other such source.
/// </summary>
internal sealed class FetchRateLimiter : IDisposable
{
    private static readonly TimeSpan s_sweepInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<SourceKey, TokenBucketRateLimiter> _buckets = [];
    private readonly TokenBucketRateLimiterOptions _bucket;
    private readonly TokenBucketRateLimiter _shared;
    private readonly int _maxSources;
    private readonly TimeProvider _time;
    private long _lastSweep;

    public FetchRateLimiter(SubscriptionOptions options, TimeProvider time)
    {
        // Replenished by hand on each attempt (by the time elapsed), so no bucket runs a timer of its own.
        _bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.FetchBurstPerSource,
            TokensPerPeriod = options.FetchRatePerSource,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = false,
            QueueLimit = 0,
        };
        _shared = new TokenBucketRateLimiter(_bucket);
        _maxSources = options.MaxFetchSources;
        _time = time;
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>Takes a token for one fetch from <paramref name="source"/>; false with how long until the next when none is left.</summary>
    public bool TryAcquire(SourceKey source, out TimeSpan retryAfter)
    {
        // One lock around lookup and acquire: a sweep can then never dispose a bucket another fetch is using.
        lock (_gate)
        {
            var bucket = BucketOf(source);
            bucket.TryReplenish();
            using var lease = bucket.AttemptAcquire();
            retryAfter = lease.IsAcquired ? TimeSpan.Zero
                : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait
                : _bucket.ReplenishmentPeriod;
            return lease.IsAcquired;
        }
    }

    private TokenBucketRateLimiter BucketOf(SourceKey source)
    {
        if (_buckets.TryGetValue(source, out var bucket))
        {
            return bucket;
        }

        if (_buckets.Count >= _maxSources)
        {
            Sweep();
            if (_buckets.Count >= _maxSources)
            {
                return _shared;
            }
        }

        bucket = new TokenBucketRateLimiter(_bucket);
        _buckets.Add(source, bucket);
        return bucket;
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastSweep, now) < s_sweepInterval)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (source, bucket) in _buckets)
        {
            bucket.TryReplenish();
            if (bucket.GetStatistics()?.CurrentAvailablePermits >= _bucket.TokenLimit)
            {
                _buckets.Remove(source);
                bucket.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var bucket in _buckets.Values)
            {
                bucket.Dispose();
            }

            _buckets.Clear();
            _shared.Dispose();
        }
    }
}
