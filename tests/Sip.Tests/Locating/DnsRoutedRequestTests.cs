using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Tests.Transport;

namespace PresenceAgent.Sip.Tests.Locating;

/// <summary>
/// Requests the stack sends to hosts it finds through a real DNS server (dnsmasq), over real sockets, to peers on
/// other loopback addresses (127.0.0.x stands for another host each).
/// </summary>
public sealed class DnsRoutedRequestTests
{
    [DnsmasqFact]
    public async Task Notify_reaches_a_watcher_known_only_through_srv()
    {
        using var watcher = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.2 watcher-host.test\n", 60,
            $"--srv-host=_sip._udp.watchers.test,watcher-host.test,{watcher.LocalEndPoint.Port}");
        await using var h = await StackHarness.StartAsync(o => o with { Dns = dns.Options });
        await watcher.IntroduceAsync(h.Udp);

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify("sip:alice@watchers.test"));
        var (bytes, from) = await watcher.ReceiveBytesAsync();
        var received = Parse(bytes);
        watcher.Send(SipRequests.OkFor(received), from);

        Assert.Equal("sip:alice@watchers.test", received.RequestUri.ToString());
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [DnsmasqFact]
    public async Task The_next_srv_target_is_used_when_the_first_refuses_the_connection()
    {
        // Bound but not listening: a connection to it is refused.
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 0));
        listener.Listen();
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.3 fe1.test\n127.0.0.4 fe2.test\n", 60,
            $"--srv-host=_sip._tcp.pool.test,fe1.test,{((IPEndPoint)refusing.LocalEndPoint!).Port},10,10",
            $"--srv-host=_sip._tcp.pool.test,fe2.test,{((IPEndPoint)listener.LocalEndPoint!).Port},20,10");
        await using var h = await StackHarness.StartAsync(o => o with { Dns = dns.Options });

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify("sip:alice@pool.test;transport=tcp"));
        using var fe2 = TcpPeer.Wrap(await listener.AcceptAsync().WaitAsync(Timeouts.HangGuard));
        var received = await fe2.ReceiveRequestAsync();
        await fe2.SendAsync(SipRequests.OkFor(received));

        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Single(received.Headers.GetValues(HeaderKind.Via));
        var failover = Assert.Single(h.Logs.Entries, e => e.EventId.Id == 2007);
        Assert.Contains("pool.test", failover.Message, StringComparison.Ordinal);
        Assert.Contains("transport error", failover.Message, StringComparison.Ordinal);
    }

    [DnsmasqFact]
    public async Task A_503_sends_the_same_request_with_a_new_branch_to_the_next_srv_target()
    {
        using var fe1 = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        using var fe2 = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 0));
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.3 fe1.test\n127.0.0.4 fe2.test\n", 60,
            $"--srv-host=_sip._udp.pool.test,fe1.test,{fe1.LocalEndPoint.Port},10,10",
            $"--srv-host=_sip._udp.pool.test,fe2.test,{fe2.LocalEndPoint.Port},20,10");
        await using var h = await StackHarness.StartAsync(o => o with { Dns = dns.Options });
        await fe1.IntroduceAsync(h.Udp);
        await fe2.IntroduceAsync(h.Udp);

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify("sip:alice@pool.test"));
        var (firstBytes, firstFrom) = await fe1.ReceiveBytesAsync();
        var first = Parse(firstBytes);
        fe1.Send(SipRequests.ResponseFor(first, 503, "Service Unavailable"), firstFrom);
        var (secondBytes, secondFrom) = await fe2.ReceiveBytesAsync();
        var second = Parse(secondBytes);
        fe2.Send(SipRequests.OkFor(second), secondFrom);

        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.NotEqual(first.TopVia!.Branch, second.TopVia!.Branch);
        Assert.Single(second.Headers.GetValues(HeaderKind.Via));
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.CSeq, second.CSeq);
        Assert.Equal(first.Body.ToArray(), second.Body.ToArray());
        Assert.Contains("503", Assert.Single(h.Logs.Entries, e => e.EventId.Id == 2007).Message, StringComparison.Ordinal);
    }

    [DnsmasqFact]
    public async Task Every_address_of_a_pool_name_is_tried_and_the_last_answer_is_reported()
    {
        using var fe1 = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 0));
        using var fe2 = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.6"), fe1.LocalEndPoint.Port));
        using var dns = await Dnsmasq.StartAsync("127.0.0.5 pool.test\n127.0.0.6 pool.test\n");
        await using var h = await StackHarness.StartAsync(o => o with { Dns = dns.Options });
        await fe1.IntroduceAsync(h.Udp);
        await fe2.IntroduceAsync(h.Udp);

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify($"sip:alice@pool.test:{fe1.LocalEndPoint.Port}"));

        // The pool's addresses come in the order DNS gives them: each Front End answers 503 to the one it gets.
        var branches = await Task.WhenAll(AnswerOnceAsync(fe1, 503), AnswerOnceAsync(fe2, 503));

        var result = await pending.WaitAsync(Timeouts.HangGuard);
        Assert.Equal(503, result.Response!.StatusCode);
        Assert.NotEqual(branches[0], branches[1]);
    }

    [DnsmasqFact]
    public async Task Naptr_sends_the_request_over_the_transport_it_prefers()
    {
        using var udp = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.7"), 0));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.7"), 0));
        listener.Listen();
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.7 fe.test\n", 60,
            "--naptr-record=naptr.test,10,10,S,SIP+D2T,,_sip._tcp.naptr.test",
            "--naptr-record=naptr.test,20,10,S,SIP+D2U,,_sip._udp.naptr.test",
            $"--srv-host=_sip._tcp.naptr.test,fe.test,{((IPEndPoint)listener.LocalEndPoint!).Port}",
            $"--srv-host=_sip._udp.naptr.test,fe.test,{udp.LocalEndPoint.Port}");
        await using var h = await StackHarness.StartAsync(o => o with { Dns = dns.Options });

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify("sip:alice@naptr.test"));
        using var fe = TcpPeer.Wrap(await listener.AcceptAsync().WaitAsync(Timeouts.HangGuard));
        var received = await fe.ReceiveRequestAsync();
        await fe.SendAsync(SipRequests.OkFor(received));

        Assert.Equal("TCP", received.TopVia!.Transport);
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [DnsmasqFact]
    public async Task An_address_is_used_until_its_ttl_runs_out_then_looked_up_again()
    {
        using var before = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.8"), 0));
        using var after = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.9"), before.LocalEndPoint.Port));
        using var dns = await Dnsmasq.StartAsync("127.0.0.8 watcher.test\n", ttl: 60);
        await using var h = await StackHarness.StartAsync(o => o with { Dns = dns.Options });
        await before.IntroduceAsync(h.Udp);
        await after.IntroduceAsync(h.Udp);
        var uri = $"sip:alice@watcher.test:{before.LocalEndPoint.Port}";

        await NotifyAsync(h, uri, before);
        await dns.ReplaceHostsAsync("127.0.0.9 watcher.test\n", "watcher.test", IPAddress.Parse("127.0.0.9"));
        h.Time.AdvanceSeconds(59);
        await NotifyAsync(h, uri, before);
        h.Time.AdvanceSeconds(1);
        await NotifyAsync(h, uri, after);
    }

    private static async Task NotifyAsync(StackHarness h, string uri, UdpPeer expected)
    {
        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify(uri));
        await AnswerOnceAsync(expected, 200);
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    /// <summary>Takes one request, answers it with <paramref name="status"/>, and returns its branch.</summary>
    private static async Task<string> AnswerOnceAsync(UdpPeer peer, int status)
    {
        var (bytes, from) = await peer.ReceiveBytesAsync();
        var request = Parse(bytes);
        peer.Send(SipRequests.ResponseFor(request, status, StatusCodes.DefaultReason(status)), from);
        return request.TopVia!.Branch!;
    }

    private static SipRequest Parse(byte[] bytes) =>
        Assert.IsType<SipRequest>(PresenceAgent.Sip.Parsing.SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true).Message);
}
