using PresenceAgent.Logging;

namespace PresenceAgent.Tests.Logging;

/// <summary>In virtual time: a peer's first event is logged, then one an interval, carrying the count left out.</summary>
public sealed class PeerLogSamplerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void The_first_event_is_logged_then_one_an_interval_with_the_count_left_out()
    {
        var sampler = new PeerLogSampler(_time, Interval);

        Assert.True(sampler.ShouldLog(3009, "192.0.2.1", out var suppressed));
        Assert.Equal(0, suppressed);
        for (var i = 0; i < 1000; i++)
        {
            Assert.False(sampler.ShouldLog(3009, "192.0.2.1", out _));
        }

        _time.Advance(Interval);
        Assert.True(sampler.ShouldLog(3009, "192.0.2.1", out suppressed));
        Assert.Equal(1000, suppressed);
        Assert.False(sampler.ShouldLog(3009, "192.0.2.1", out _));
    }

    [Fact]
    public void Peers_and_events_are_sampled_apart()
    {
        var sampler = new PeerLogSampler(_time, Interval);
        Assert.True(sampler.ShouldLog(3009, "192.0.2.1", out _));

        Assert.True(sampler.ShouldLog(3009, "192.0.2.2", out _));
        Assert.True(sampler.ShouldLog(3001, "192.0.2.1", out _));
        Assert.False(sampler.ShouldLog(3009, "192.0.2.1", out _));
    }

    [Fact]
    public void A_full_table_drops_quiet_peers_and_otherwise_shares_one_entry()
    {
        var sampler = new PeerLogSampler(_time, Interval, capacity: 3);
        foreach (var peer in new[] { "a", "b", "c" })
        {
            Assert.True(sampler.ShouldLog(1, peer, out _));
        }

        // Full of peers active this interval: newcomers share one entry, so only the first of them is logged.
        Assert.True(sampler.ShouldLog(1, "d", out _));
        Assert.False(sampler.ShouldLog(1, "e", out _));
        Assert.False(sampler.ShouldLog(1, "f", out _));

        // An interval later the quiet ones are dropped and a newcomer has its own entry again.
        _time.Advance(Interval);
        Assert.True(sampler.ShouldLog(1, "g", out var suppressed));
        Assert.Equal(0, suppressed);
        Assert.False(sampler.ShouldLog(1, "g", out _));
    }
}
