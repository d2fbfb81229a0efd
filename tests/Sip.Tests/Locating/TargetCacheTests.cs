using System.Net;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Locating;

public sealed class TargetCacheTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void An_answer_is_there_until_its_lifetime_ends()
    {
        var cache = new TargetCache(10, _time);
        cache.Add(Key("a.test"), Answer(60));

        _time.AdvanceSeconds(59);
        Assert.True(cache.TryGet(Key("A.TEST"), out _));
        _time.AdvanceSeconds(1);
        Assert.False(cache.TryGet(Key("a.test"), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Port_and_transport_are_part_of_the_key()
    {
        var cache = new TargetCache(10, _time);
        cache.Add(new TargetKey("a.test", null, null), Answer(60));

        Assert.False(cache.TryGet(new TargetKey("a.test", 5060, null), out _));
        Assert.False(cache.TryGet(new TargetKey("a.test", null, TransportProtocol.Udp), out _));
    }

    [Fact]
    public void An_answer_without_lifetime_is_not_kept()
    {
        var cache = new TargetCache(10, _time);
        cache.Add(Key("a.test"), Answer(0));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_full_cache_drops_what_expired_first()
    {
        var cache = new TargetCache(3, _time);
        cache.Add(Key("short1.test"), Answer(10));
        cache.Add(Key("short2.test"), Answer(10));
        cache.Add(Key("long.test"), Answer(600));
        _time.AdvanceSeconds(10);

        cache.Add(Key("new.test"), Answer(600));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(Key("long.test"), out _));
        Assert.True(cache.TryGet(Key("new.test"), out _));
    }

    [Fact]
    public void A_full_cache_of_live_answers_drops_the_one_that_expires_soonest()
    {
        var cache = new TargetCache(3, _time);
        cache.Add(Key("a.test"), Answer(300));
        cache.Add(Key("soon.test"), Answer(30));
        cache.Add(Key("c.test"), Answer(600));

        cache.Add(Key("d.test"), Answer(60));

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet(Key("soon.test"), out _));
        Assert.True(cache.TryGet(Key("a.test"), out _));
    }

    [Fact]
    public void Replacing_an_entry_of_a_full_cache_drops_nothing_else()
    {
        var cache = new TargetCache(2, _time);
        cache.Add(Key("a.test"), Answer(30));
        cache.Add(Key("b.test"), Answer(60));

        cache.Add(Key("a.test"), Answer(90));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(Key("b.test"), out _));
    }

    [Fact]
    public void A_lifetime_past_the_end_of_time_is_kept_for_good()
    {
        var cache = new TargetCache(2, _time);
        cache.Add(Key("a.test"), new TargetAnswer([], TimeSpan.MaxValue, null));

        _time.AdvanceSeconds(365 * 24 * 3600);
        Assert.True(cache.TryGet(Key("a.test"), out _));
    }

    private static TargetKey Key(string host) => new(host, null, null);

    private static TargetAnswer Answer(int seconds) =>
        new([new SipTarget(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 5060))], TimeSpan.FromSeconds(seconds), null);
}
