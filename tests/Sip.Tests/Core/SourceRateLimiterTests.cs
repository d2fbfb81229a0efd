using System.Net;
using PresenceAgent.Sip.Core;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>The bucket table: bounded whatever the number of sources, and exact in virtual time.</summary>
public sealed class SourceRateLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void A_source_gets_its_burst_at_once_then_one_request_per_interval()
    {
        var limiter = New(perSecond: 2, burst: 3);
        var source = IPAddress.Parse("192.0.2.1");

        Assert.True(Take(limiter, source));
        Assert.True(Take(limiter, source));
        Assert.True(Take(limiter, source));
        Assert.False(limiter.TryAcquire(source, trusted: false, out var retryAfter, out var limit));
        Assert.Equal(TimeSpan.FromSeconds(0.5), retryAfter);
        Assert.Equal("Sip:RateLimits:PerSecond", limit);
        Assert.False(limiter.TryAcquire(source, trusted: false, out _, out var again));
        Assert.Null(again);

        _time.AdvanceSeconds(0.5);
        Assert.True(Take(limiter, source));
        Assert.False(Take(limiter, source));
    }

    [Fact]
    public void Many_sources_never_grow_the_table_past_its_bound()
    {
        var limiter = New(perSecond: 1, burst: 2, maxSources: 100);

        for (var i = 0; i < 10_000; i++)
        {
            Take(limiter, new IPAddress(0x0A000000u + (uint)i));
        }

        Assert.Equal(100, limiter.Tracked);
    }

    [Fact]
    public void When_full_new_sources_share_one_bucket_until_idle_ones_are_forgotten()
    {
        var limiter = New(perSecond: 1, burst: 2, maxSources: 100);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(Take(limiter, Address(i)));
        }

        // The table is full of sources still within their second: newcomers share the one bucket of two.
        Assert.True(Take(limiter, Address(100)));
        Assert.True(Take(limiter, Address(101)));
        Assert.False(Take(limiter, Address(102)));
        Assert.True(Take(limiter, Address(0)));

        // A second on, every bucket but that of source 0 has refilled: they are forgotten and a newcomer gets its own.
        _time.AdvanceSeconds(1);
        Assert.True(Take(limiter, Address(102)));
        Assert.True(Take(limiter, Address(102)));
        Assert.Equal(2, limiter.Tracked);
    }

    [Fact]
    public void Ipv6_sources_count_per_64_and_trusted_traffic_apart()
    {
        var limiter = New(perSecond: 1, burst: 1);

        Assert.True(Take(limiter, IPAddress.Parse("2001:db8::1")));
        Assert.False(Take(limiter, IPAddress.Parse("2001:db8::2:3:4")));
        Assert.True(Take(limiter, IPAddress.Parse("2001:db8:0:1::1")));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8::1"), trusted: true, out _, out _));
        Assert.True(Take(limiter, IPAddress.Parse("0.0.0.0")));
    }

    private SourceRateLimiter New(int perSecond, int burst, int maxSources = 1000) =>
        new(new SipRateLimitOptions { PerSecond = perSecond, Burst = burst, TrustedPerSecond = perSecond, TrustedBurst = burst, MaxTrackedSources = maxSources }, _time);

    private static bool Take(SourceRateLimiter limiter, IPAddress source) => limiter.TryAcquire(source, trusted: false, out _, out _);

    private static IPAddress Address(int i) => new(IPAddress.HostToNetworkOrder(0x0A000000 + i));
}
