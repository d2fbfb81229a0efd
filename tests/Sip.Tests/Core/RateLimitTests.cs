using System.Globalization;
using System.Net;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>Per-source token buckets for new requests, over real UDP from several loopback addresses, in virtual time.</summary>
public sealed class RateLimitTests
{
    private static Func<SipStackOptions, SipStackOptions> Limits(int perSecond, int burst) =>
        o => o with
        {
            RateLimits = new SipRateLimitOptions { PerSecond = perSecond, Burst = burst, TrustedPerSecond = 100, TrustedBurst = 50 },
            TrustedPeers = new SipTrustedPeersOptions { Networks = ["127.0.0.4"] },
        };

    [Fact]
    public async Task A_burst_beyond_the_limit_gets_503_with_retry_after_while_another_source_is_served()
    {
        await using var h = await StackHarness.StartAsync(Limits(perSecond: 1, burst: 5));
        using var flooder = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        using var watcher = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));

        var statuses = new List<int>();
        SipResponse? refused = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await flooder.RequestAsync(Subscribe(flooder), h.Udp);
            statuses.Add(response.StatusCode);
            refused = response.StatusCode == 503 ? response : refused;
        }

        Assert.Equal([200, 200, 200, 200, 200, 503, 503, 503], statuses);
        Assert.True(int.TryParse(refused!.Headers.GetFirst(HeaderKind.RetryAfter), NumberStyles.None, CultureInfo.InvariantCulture, out var retryAfter));
        Assert.InRange(retryAfter, 1, 2);
        Assert.Equal(200, (await watcher.RequestAsync(Subscribe(watcher), h.Udp)).StatusCode);
        Assert.Equal(6, h.Handler.Calls.Count);

        // Logged once, naming the limit, however many requests were refused.
        var logged = Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1530);
        Assert.Contains("Sip:RateLimits:PerSecond", logged.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.2", logged.Message, StringComparison.Ordinal);

        // Once Retry-After has passed the source is served again.
        h.Time.AdvanceSeconds(retryAfter);
        Assert.Equal(200, (await flooder.RequestAsync(Subscribe(flooder), h.Udp)).StatusCode);
    }

    [Fact]
    public async Task A_source_that_keeps_flooding_is_logged_once_a_minute_with_a_count()
    {
        await using var h = await StackHarness.StartAsync(Limits(perSecond: 1, burst: 1));
        using var flooder = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));

        // Each second refills one token, so every second starts a new episode over the limit.
        for (var second = 0; second < 30; second++)
        {
            Assert.Equal(200, (await flooder.RequestAsync(Subscribe(flooder), h.Udp)).StatusCode);
            Assert.Equal(503, (await flooder.RequestAsync(Subscribe(flooder), h.Udp)).StatusCode);
            h.Time.AdvanceSeconds(1);
        }

        Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1530);

        h.Time.AdvanceSeconds(31);
        Assert.Equal(200, (await flooder.RequestAsync(Subscribe(flooder), h.Udp)).StatusCode);
        Assert.Equal(503, (await flooder.RequestAsync(Subscribe(flooder), h.Udp)).StatusCode);
        var logged = h.Logs.Entries.Where(e => e.EventId.Id == 1530).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Contains("29 more since", logged[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_methods_over_the_limit_are_dropped_unanswered()
    {
        await using var h = await StackHarness.StartAsync(Limits(perSecond: 1, burst: 1));
        using var flooder = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));

        Assert.Equal(200, (await flooder.RequestAsync(SipRequests.Text("OPTIONS", flooder.SentBy), h.Udp)).StatusCode);
        flooder.Send(SipRequests.Text("OPTIONS", flooder.SentBy, callId: "dropped@peer"), h.Udp);
        flooder.Send(SipRequests.Text("INVITE", flooder.SentBy, callId: "dropped-too@peer"), h.Udp);

        // One receive loop takes datagrams in order: the first answer back is the 503 to the SUBSCRIBE sent last.
        var refused = await flooder.RequestAsync(SipRequests.Text("SUBSCRIBE", flooder.SentBy, headers: ["Event: presence"]), h.Udp);
        Assert.Equal(503, refused.StatusCode);
        Assert.Equal(SipMethods.Subscribe, refused.CSeq!.Value.Method);

        // A second later there is a token again: the next datagram is the answer to this request.
        h.Time.AdvanceSeconds(1);
        var next = await flooder.RequestAsync(SipRequests.Text("OPTIONS", flooder.SentBy, callId: "served@peer"), h.Udp);

        Assert.Equal(200, next.StatusCode);
        Assert.Equal("served@peer", next.CallId);
    }

    [Fact]
    public async Task In_dialog_requests_and_retransmissions_spend_no_token()
    {
        await using var h = await StackHarness.StartAsync(Limits(perSecond: 1, burst: 1));
        using var watcher = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var subscribe = Subscribe(watcher);

        Assert.Equal(200, (await watcher.RequestAsync(subscribe, h.Udp)).StatusCode);
        Assert.Equal(200, (await watcher.RequestAsync(subscribe, h.Udp)).StatusCode);
        var refresh = SipRequests.Text("SUBSCRIBE", watcher.SentBy, toTag: "pa1", cseq: 2, headers: ["Event: presence", $"Contact: <sip:w@{watcher.SentBy}>"]);
        Assert.Equal(200, (await watcher.RequestAsync(refresh, h.Udp)).StatusCode);

        Assert.Equal(503, (await watcher.RequestAsync(Subscribe(watcher), h.Udp)).StatusCode);
    }

    [Fact]
    public async Task A_trusted_peer_gets_its_own_higher_limit()
    {
        await using var h = await StackHarness.StartAsync(Limits(perSecond: 1, burst: 2));
        using var frontEnd = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 0));

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(200, (await frontEnd.RequestAsync(Subscribe(frontEnd), h.Udp)).StatusCode);
        }

        var refused = await frontEnd.RequestAsync(Subscribe(frontEnd), h.Udp);
        Assert.Equal(503, refused.StatusCode);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 1530 && e.Message.Contains("Sip:RateLimits:TrustedPerSecond", StringComparison.Ordinal));
    }

    private static string Subscribe(UdpPeer peer) =>
        SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence", $"Contact: <sip:w@{peer.SentBy}>"]);
}
