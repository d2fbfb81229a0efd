using System.Net;
using PresenceAgent.Sip.Logging;

namespace PresenceAgent.Sip.Tests.Logging;

/// <summary>The first event per peer is logged, then one per interval carrying the count of those left out.</summary>
public sealed class PeerLogSamplerTests
{
    private static readonly IPAddress s_peer = IPAddress.Parse("192.0.2.7");

    [Fact]
    public void First_is_logged_then_one_per_interval_with_the_count_left_out()
    {
        var time = new ManualTimeProvider();
        var sampler = new PeerLogSampler(TimeSpan.FromSeconds(60), 100, time);
        time.Advance(new TimeSpan(1, 2, 3));

        Assert.True(sampler.ShouldLog(s_peer, out var first));
        Assert.Equal("", first.ToString());
        for (var i = 0; i < 12; i++)
        {
            time.AdvanceSeconds(1);
            Assert.False(sampler.ShouldLog(s_peer, out _));
        }

        time.AdvanceSeconds(48);
        Assert.True(sampler.ShouldLog(s_peer, out var next));

        Assert.Equal(12, next.Count);
        Assert.Equal(" (12 more since 01:02:03)", next.ToString());
    }

    [Fact]
    public void Peers_are_sampled_apart_but_an_ipv6_64_is_one_peer()
    {
        var time = new ManualTimeProvider();
        var sampler = new PeerLogSampler(TimeSpan.FromSeconds(60), 100, time);

        Assert.True(sampler.ShouldLog(s_peer, out _));
        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.8"), out _));
        Assert.True(sampler.ShouldLog(IPAddress.Parse("2001:db8::1"), out _));

        // A host rotating addresses within its /64 is still one peer.
        Assert.False(sampler.ShouldLog(IPAddress.Parse("2001:db8::2"), out _));
        Assert.False(sampler.ShouldLog(IPAddress.Parse("::ffff:192.0.2.7"), out _));
    }

    [Fact]
    public void A_full_table_of_active_peers_puts_newcomers_in_one_shared_entry()
    {
        var time = new ManualTimeProvider();
        var sampler = new PeerLogSampler(TimeSpan.FromSeconds(60), 2, time);
        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.1"), out _));
        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.2"), out _));

        // A forger with a new source per packet: one line for all of them, and the known peers keep their counts.
        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.3"), out _));
        for (var i = 4; i < 200; i++)
        {
            Assert.False(sampler.ShouldLog(IPAddress.Parse($"192.0.2.{i}"), out _));
        }

        Assert.False(sampler.ShouldLog(IPAddress.Parse("192.0.2.1"), out _));
        time.AdvanceSeconds(60);
        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.1"), out var known));
        Assert.Equal(1, known.Count);
    }

    [Fact]
    public void A_peer_quiet_for_an_interval_makes_room_and_is_logged_afresh_when_back()
    {
        var time = new ManualTimeProvider();
        var sampler = new PeerLogSampler(TimeSpan.FromSeconds(60), 2, time);
        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.1"), out _));
        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.2"), out _));
        time.AdvanceSeconds(60);

        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.3"), out var newcomer));
        Assert.Equal(0, newcomer.Count);
        Assert.False(sampler.ShouldLog(IPAddress.Parse("192.0.2.3"), out _));

        // .1 was the least recently seen, so it made the room: back, it is a first occurrence again.
        Assert.True(sampler.ShouldLog(IPAddress.Parse("192.0.2.1"), out var back));
        Assert.Equal(0, back.Count);
    }

    [Fact]
    public async Task Concurrent_callers_log_one_of_a_burst()
    {
        var time = new ManualTimeProvider();
        var sampler = new PeerLogSampler(TimeSpan.FromSeconds(60), 100, time);
        var logged = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (sampler.ShouldLog(s_peer, out _))
                {
                    Interlocked.Increment(ref logged);
                }
            }
        })));
        time.AdvanceSeconds(60);
        Assert.True(sampler.ShouldLog(s_peer, out var suppressed));

        Assert.Equal(1, logged);
        Assert.Equal(3999, suppressed.Count);
    }
}
