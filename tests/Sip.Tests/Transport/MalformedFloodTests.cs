using System.Net;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>A flood of malformed requests with usable Vias gets at most the token bucket's worth of error responses.</summary>
public sealed class MalformedFloodTests
{
    private const int Burst = 5;

    [Fact]
    public async Task Udp_flood_of_malformed_requests_gets_at_most_the_burst_of_400s()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = Limits() });
        using var peer = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.41"), 0));

        for (var i = 0; i < 50; i++)
        {
            peer.Send(Malformed(peer.SentBy, "UDP"), h.Udp);
        }

        await Wait.UntilAsync(() => h.Logs.Count(1010) + h.Logs.Count(1015) == 50, "the flood handled");

        Assert.Equal(Burst, h.Logs.Count(1010));
        Assert.Equal(50 - Burst, h.Logs.Count(1015));
        var answers = 0;
        await Wait.UntilAsync(() => (answers += peer.TakeQueued().Datagrams) >= Burst, "the 400s");
        Assert.Equal(Burst, answers);

        // Another host still gets its answer, and the flooder's well-formed requests are served.
        using var other = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.42"), 0));
        Assert.Equal(400, (await other.RequestAsync(Malformed(other.SentBy, "UDP"), h.Udp)).StatusCode);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp)).StatusCode);
    }

    [Fact]
    public async Task Tcp_connections_each_sending_a_malformed_request_get_at_most_the_burst_of_400s()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = Limits() });
        var answered = 0;
        for (var i = 0; i < 12; i++)
        {
            using var peer = await TcpPeer.ConnectAsync(h.Tcp);
            await peer.SendAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP", contentLength: false));
            Assert.True(await peer.WaitForCloseAsync());
            answered += peer.Buffered > 0 ? 1 : 0;
        }

        Assert.Equal(Burst, answered);
        Assert.Equal(12 - Burst, h.Logs.Count(1015));
    }

    [Fact]
    public void One_host_is_an_ipv4_address_or_an_ipv6_64()
    {
        var limit = new MalformedResponseLimit(burst: 2, interval: TimeSpan.FromHours(1), capacity: 16);

        Assert.True(limit.TryAcquire(IPAddress.Parse("2001:db8::1")));
        Assert.True(limit.TryAcquire(IPAddress.Parse("2001:db8::2")));
        Assert.False(limit.TryAcquire(IPAddress.Parse("2001:db8::3")));
        Assert.True(limit.TryAcquire(IPAddress.Parse("2001:db8:0:1::1")));
        Assert.True(limit.TryAcquire(IPAddress.Parse("192.0.2.1")));
        Assert.Equal(1, limit.Unanswered);
    }

    [Fact]
    public async Task An_empty_bucket_refills_with_time()
    {
        var limit = new MalformedResponseLimit(burst: 1, interval: TimeSpan.FromMilliseconds(1), capacity: 16);
        var host = IPAddress.Parse("192.0.2.1");
        Assert.True(limit.TryAcquire(host));

        // The library's buckets run on the system clock, a token a millisecond here; the wait is only a hang guard.
        await Wait.UntilAsync(() => limit.TryAcquire(host), "a token back");
    }

    private static SipLimits Limits() => new() { MalformedResponseBurst = Burst, MalformedResponseInterval = TimeSpan.FromHours(1) };

    /// <summary>Readable enough to answer (a Via), but its CSeq names another method.</summary>
    private static string Malformed(string sentBy, string transport) =>
        SipRequests.Text("OPTIONS", sentBy, transport).Replace(" OPTIONS\r\n", " INFO\r\n", StringComparison.Ordinal);
}
