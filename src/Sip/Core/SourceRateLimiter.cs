using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// Token buckets per source address (<see cref="SipRateLimitOptions"/>), kept as GCRA: one theoretical arrival time a
/// source, no timer, and a source whose bucket has refilled is the same as one never seen. The table is bounded: the
/// partitioned limiters of System.Threading.RateLimiting keep a limiter per key with no cap on keys, which forged
/// sources would grow without end. Time comes from the stack's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class SourceRateLimiter
{
    /// <summary>Marks an IPv4 key (the low half of an IPv6 key, a /64, is zero) and the trusted bucket of a source.</summary>
    private const ulong IPv4Mark = 1UL << 32;
    private const ulong TrustedMark = 1UL << 33;

    private readonly Lock _gate = new();
    private readonly Dictionary<UInt128, Bucket> _buckets = [];
    private readonly TimeProvider _time;
    private readonly int _maxSources;
    private readonly Limit _untrusted;
    private readonly Limit _trusted;
    private Bucket _sharedUntrusted;
    private Bucket _sharedTrusted;
    private long _nextSweep;

    public SourceRateLimiter(SipRateLimitOptions options, TimeProvider time)
    {
        _time = time;
        _maxSources = options.MaxTrackedSources;
        _untrusted = new Limit("Sip:RateLimits:PerSecond", options.PerSecond, options.Burst);
        _trusted = new Limit("Sip:RateLimits:TrustedPerSecond", options.TrustedPerSecond, options.TrustedBurst);
    }

    /// <summary>Sources tracked now (not counting the shared buckets).</summary>
    internal int Tracked
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>
    /// Takes a token for a new request from <paramref name="source"/>. When there is none: false, how long until there
    /// is, and the name of the limit, but the name only for the first refusal since the source was last within its
    /// limit (so a flood is logged once, not per request).
    /// </summary>
    public bool TryAcquire(IPAddress source, bool trusted, out TimeSpan retryAfter, out string? newlyLimited)
    {
        var key = KeyOf(source, trusted);
        var limit = trusted ? _trusted : _untrusted;
        var now = _time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            ref var bucket = ref Find(key, trusted, now);
            return Take(ref bucket, limit, now, out retryAfter, out newlyLimited);
        }
    }

    private static bool Take(ref Bucket bucket, Limit limit, long now, out TimeSpan retryAfter, out string? newlyLimited)
    {
        var arrival = Math.Max(bucket.Arrival, now) + limit.IntervalTicks;
        var excess = arrival - now - limit.ToleranceTicks;
        if (excess <= 0)
        {
            bucket.Arrival = arrival;
            bucket.Refusing = false;
            retryAfter = TimeSpan.Zero;
            newlyLimited = null;
            return true;
        }

        retryAfter = TimeSpan.FromTicks(excess);
        newlyLimited = bucket.Refusing ? null : limit.Name;
        bucket.Refusing = true;
        return false;
    }

    private ref Bucket Find(UInt128 key, bool trusted, long now)
    {
        ref var existing = ref CollectionsMarshal.GetValueRefOrNullRef(_buckets, key);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref existing))
        {
            return ref existing;
        }

        if (_buckets.Count >= _maxSources && now >= _nextSweep)
        {
            Sweep(now);
        }

        if (_buckets.Count >= _maxSources)
        {
            return ref trusted ? ref _sharedTrusted : ref _sharedUntrusted;
        }

        return ref CollectionsMarshal.GetValueRefOrAddDefault(_buckets, key, out _);
    }

    /// <summary>Forgets sources whose buckets are full again; at most once a second, as it walks the whole table.</summary>
    private void Sweep(long now)
    {
        _nextSweep = now + TimeSpan.TicksPerSecond;
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.Arrival <= now)
            {
                _buckets.Remove(key);
            }
        }
    }

    /// <summary>An IPv4 address whole; an IPv6 address by its /64. Trusted and untrusted traffic of one address count apart.</summary>
    private static UInt128 KeyOf(IPAddress address, bool trusted)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        var mark = trusted ? TrustedMark : 0;
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new UInt128(0, IPv4Mark | mark | System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]))
            : new UInt128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes), mark);
    }

    private struct Bucket
    {
        /// <summary>When the bucket is full again, in ticks; at or before now it is full.</summary>
        public long Arrival;

        /// <summary>The last request was refused: the next refusal is not news.</summary>
        public bool Refusing;
    }

    /// <summary>A rate as GCRA sees it: ticks per request, and how far ahead of now the arrival time may run (the burst).</summary>
    private sealed record Limit(string Name, int PerSecond, int Burst)
    {
        public long IntervalTicks { get; } = Math.Max(1, TimeSpan.TicksPerSecond / PerSecond);

        public long ToleranceTicks { get; } = checked(Math.Max(1, TimeSpan.TicksPerSecond / PerSecond) * Burst);
    }
}
