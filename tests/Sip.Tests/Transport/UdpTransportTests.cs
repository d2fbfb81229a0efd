using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>Requests the stack sends over UDP: Via, next hop, retransmission on the wire, the 1300-byte rule.</summary>
public sealed class UdpTransportTests
{
    [Fact]
    public async Task Notify_goes_to_the_request_uri_with_our_via_and_gets_its_response()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        await peer.IntroduceAsync(h.Udp);

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify($"sip:watcher@{peer.SentBy}"));
        var (bytes, from) = await peer.ReceiveBytesAsync();
        var received = Assert.IsType<SipRequest>(SipMessageParser.Parse(bytes, new SipLimits(), true).Message);
        peer.Send(SipRequests.OkFor(received), from);
        var result = await pending.WaitAsync(Timeouts.HangGuard);

        Assert.Equal(h.Udp, from);
        var via = received.TopVia!;
        Assert.Equal("UDP", via.Transport);
        Assert.Equal("127.0.0.1", via.Host);
        Assert.Equal(h.Udp.Port, via.Port);
        Assert.True(via.HasRfc3261Branch);
        Assert.True(via.HasRPort);
        Assert.Equal("70", received.Headers.GetFirst(HeaderKind.MaxForwards));
        Assert.Equal(ClientTransactionOutcome.Response, result.Outcome);
    }

    [Fact]
    public async Task Unanswered_notify_is_retransmitted_on_the_wire_unchanged_body_and_all()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        await peer.IntroduceAsync(h.Udp);

        // The body is sent from the shared document, apart from the head the transaction keeps.
        var notify = TcpTransportTests.Notify($"sip:watcher@{peer.SentBy}");
        notify.Headers.Add(HeaderKind.ContentType, "application/pidf+xml");
        notify.Body = "<presence entity=\"sip:room@example.com\"/>"u8.ToArray();
        var pending = h.Stack.SendRequestAsync(notify);
        var (first, _) = await peer.ReceiveBytesAsync();
        var received = Assert.IsType<SipRequest>(SipMessageParser.Parse(first, new SipLimits(), true).Message);
        Assert.Equal("<presence entity=\"sip:room@example.com\"/>"u8.ToArray(), received.Body.ToArray());
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers.GetFirst(HeaderKind.ContentLength));

        // Timers E and F are armed just after the send returns; the datagram can arrive first.
        await Wait.UntilAsync(() => h.Stack.PendingTransactionTimers == 2);
        h.Time.AdvanceSeconds(0.5);
        var (second, _) = await peer.ReceiveBytesAsync();
        h.Time.AdvanceSeconds(32);

        Assert.Equal(first, second);
        Assert.Equal(ClientTransactionOutcome.Timeout, (await pending.WaitAsync(Timeouts.HangGuard)).Outcome);
    }

    [Fact]
    public async Task Loose_route_is_the_next_hop()
    {
        await using var h = await StackHarness.StartAsync();
        using var proxy = new UdpPeer();
        await proxy.IntroduceAsync(h.Udp);
        var notify = TcpTransportTests.Notify("sip:watcher@127.0.0.1:1");
        notify.Headers.Add(HeaderKind.Route, $"<sip:{proxy.SentBy};lr>");

        var pending = h.Stack.SendRequestAsync(notify);
        var received = Assert.IsType<SipRequest>(await proxy.ReceiveAsync());
        proxy.Send(SipRequests.OkFor(received), h.Udp);

        Assert.Equal("sip:watcher@127.0.0.1:1", received.RequestUri.ToString());
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Ipv6_request_uri_goes_out_of_the_ipv6_listener()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer(AddressFamily.InterNetworkV6);
        await peer.IntroduceAsync(h.EndPoint(Sip.Transport.TransportProtocol.Udp, AddressFamily.InterNetworkV6));

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify($"sip:watcher@{peer.SentBy}"));
        var (bytes, from) = await peer.ReceiveBytesAsync();
        var received = Assert.IsType<SipRequest>(SipMessageParser.Parse(bytes, new SipLimits(), true).Message);
        peer.Send(SipRequests.OkFor(received), from);

        Assert.Equal(h.EndPoint(Sip.Transport.TransportProtocol.Udp, AddressFamily.InterNetworkV6), from);
        Assert.Equal("[::1]", received.TopVia!.Host);
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Request_over_1300_bytes_goes_over_tcp_when_the_peer_listens_there()
    {
        await using var h = await StackHarness.StartAsync();
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        tcp.Listen();
        var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;

        var pending = h.Stack.SendRequestAsync(BigNotify($"sip:watcher@127.0.0.1:{port}"));
        using var peer = TcpPeer.Wrap(await tcp.AcceptAsync().WaitAsync(Timeouts.HangGuard));
        var received = await peer.ReceiveRequestAsync();
        await peer.SendAsync(SipRequests.OkFor(received));

        Assert.Equal("TCP", received.TopVia!.Transport);
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Request_over_1300_bytes_goes_over_tcp_even_to_a_uri_that_says_udp()
    {
        await using var h = await StackHarness.StartAsync();
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        tcp.Listen();
        var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;

        var pending = h.Stack.SendRequestAsync(BigNotify($"sip:watcher@127.0.0.1:{port};transport=udp"));
        using var peer = TcpPeer.Wrap(await tcp.AcceptAsync().WaitAsync(Timeouts.HangGuard));
        var received = await peer.ReceiveRequestAsync();
        await peer.SendAsync(SipRequests.OkFor(received));

        Assert.Equal("TCP", received.TopVia!.Transport);
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Request_over_1300_bytes_falls_back_to_udp_when_tcp_is_refused()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        await peer.IntroduceAsync(h.Udp);

        var pending = h.Stack.SendRequestAsync(BigNotify($"sip:watcher@{peer.SentBy}"));
        var received = Assert.IsType<SipRequest>(await peer.ReceiveAsync());
        peer.Send(SipRequests.OkFor(received), h.Udp);

        Assert.Equal("UDP", received.TopVia!.Transport);
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Unsupported_transport_is_a_transport_error()
    {
        await using var h = await StackHarness.StartAsync();

        var sips = await h.Stack.SendRequestAsync(TcpTransportTests.Notify("sips:watcher@127.0.0.1:1")).WaitAsync(Timeouts.HangGuard);
        var tls = await h.Stack.SendRequestAsync(TcpTransportTests.Notify("sip:watcher@127.0.0.1:1;transport=tls")).WaitAsync(Timeouts.HangGuard);

        Assert.Equal(ClientTransactionOutcome.TransportError, sips.Outcome);
        Assert.Equal(ClientTransactionOutcome.TransportError, tls.Outcome);
    }

    private static SipRequest BigNotify(string uri)
    {
        var notify = TcpTransportTests.Notify(uri);
        notify.Headers.Add(HeaderKind.ContentType, "application/pidf+xml");
        notify.Body = System.Text.Encoding.UTF8.GetBytes("<presence>" + new string('x', 1400) + "</presence>");
        return notify;
    }
}
