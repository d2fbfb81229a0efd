using System.Net;
using System.Threading.RateLimiting;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// A token bucket per host (IPv4 address or IPv6 /64) for the error responses we send to malformed requests, so a
/// flood of garbage with usable Vias cannot make us send: past the bucket, such messages are dropped unanswered. At
/// most <c>capacity</c> hosts are remembered (the least recently seen forgotten first, coming back with a full
/// bucket), each bucket refilled by elapsed time when next used rather than by a timer per host.
/// </summary>
internal sealed class MalformedResponseLimit
{
    private readonly TokenBucketRateLimiterOptions _options;
    private readonly Lock _lock = new();
    private readonly LruTable<AddressKey, Bucket> _hosts;
    private long _unanswered;

    public MalformedResponseLimit(int burst, TimeSpan interval, int capacity)
    {
        _options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = interval,
            AutoReplenishment = false,
            QueueLimit = 0,
        };
        _hosts = new LruTable<AddressKey, Bucket>(capacity);
    }

    /// <summary>Malformed requests left unanswered so far.</summary>
    public long Unanswered => Interlocked.Read(ref _unanswered);

    /// <summary>Takes a token for one error response to <paramref name="address"/>; false when its bucket is empty.</summary>
    public bool TryAcquire(IPAddress address)
    {
        var key = AddressKey.HostOf(address);
        TokenBucketRateLimiter limiter;
        lock (_lock)
        {
            ref var bucket = ref _hosts.GetOrAdd(key, out var added);
            if (added)
            {
                // Without auto-replenishment a bucket has no timer, so a forgotten one needs no disposing.
                bucket.Limiter = new TokenBucketRateLimiter(_options);
            }

            limiter = bucket.Limiter!;
        }

        limiter.TryReplenish();
        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return true;
        }

        Interlocked.Increment(ref _unanswered);
        return false;
    }

    private struct Bucket
    {
        public TokenBucketRateLimiter? Limiter;
    }
}
