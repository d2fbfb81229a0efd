using System.Net.Sockets;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>The UAS core over real loopback sockets, driven by a scripted peer.</summary>
public sealed class SipStackUasTests
{
    public static TheoryData<TransportProtocol, AddressFamily> AllTransports => new()
    {
        { TransportProtocol.Udp, AddressFamily.InterNetwork },
        { TransportProtocol.Tcp, AddressFamily.InterNetwork },
        { TransportProtocol.Udp, AddressFamily.InterNetworkV6 },
        { TransportProtocol.Tcp, AddressFamily.InterNetworkV6 },
    };

    [Theory]
    [MemberData(nameof(AllTransports))]
    public async Task Options_gets_200_with_allow_accept_supported_and_allow_events(TransportProtocol protocol, AddressFamily family)
    {
        await using var h = await StackHarness.StartAsync();
        var target = h.EndPoint(protocol, family);
        var uri = $"sip:{SipRequests.SentBy(target)}";

        SipResponse response;
        if (protocol == TransportProtocol.Udp)
        {
            using var peer = new UdpPeer(family);
            response = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, uri: uri), target);
        }
        else
        {
            using var peer = await TcpPeer.ConnectAsync(target);
            response = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP", uri: uri));
        }

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OPTIONS, SUBSCRIBE, NOTIFY", response.Headers.GetFirst(HeaderKind.Allow));
        Assert.Equal("application/pidf+xml", response.Headers.GetFirst(HeaderKind.Accept));
        Assert.True(response.Headers.Contains(HeaderKind.Supported));
        Assert.Equal("presence", response.Headers.GetFirst(HeaderKind.AllowEvents));
        Assert.Equal("PresenceAgent/0.1", response.Headers.GetFirst(HeaderKind.Server));
        Assert.NotNull(response.To?.Tag);
        Assert.Empty(h.Handler.Calls);
    }

    [Fact]
    public async Task Unknown_method_gets_405_with_allow()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(SipRequests.Text("PUBLISH", peer.SentBy), h.Udp);

        Assert.Equal(405, response.StatusCode);
        Assert.Equal("OPTIONS, SUBSCRIBE, NOTIFY", response.Headers.GetFirst(HeaderKind.Allow));
    }

    [Fact]
    public async Task Invite_gets_405_resent_until_ack()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        await peer.IntroduceAsync(h.Udp);
        var branch = SipRequests.NewBranch();

        var first = await peer.RequestAsync(SipRequests.Text("INVITE", peer.SentBy, branch: branch), h.Udp);
        Assert.Equal(405, first.StatusCode);

        // Timers G and H are armed just after the send returns; the datagram can arrive first.
        await Wait.UntilAsync(() => h.Stack.PendingTransactionTimers == 2);

        // Timer G: the rejection comes again after T1, then 2·T1.
        h.Time.AdvanceSeconds(0.5);
        Assert.Equal(405, (await peer.ReceiveResponseAsync()).StatusCode);
        h.Time.AdvanceSeconds(1);
        var again = await peer.ReceiveResponseAsync();
        Assert.Equal(405, again.StatusCode);
        Assert.Equal(first.To!.Tag, again.To!.Tag);

        // The ACK swaps Timers G and H for Timer I; wait for that before moving time on.
        peer.Send(SipRequests.Text("ACK", peer.SentBy, branch: branch, toTag: first.To.Tag), h.Udp);
        await Wait.UntilAsync(() => h.Stack.PendingTransactionTimers == 1);
        h.Time.AdvanceSeconds(30);

        // Nothing more was resent: the next datagram is the answer to a fresh OPTIONS.
        var options = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp);
        Assert.Equal(SipMethods.Options, options.CSeq!.Value.Method);
        Assert.False(h.Logs.Has(2001));
    }

    [Fact]
    public async Task Require_with_an_unknown_tag_gets_420_listing_it()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(
            SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence", "Require: foo", "Proxy-Require: ms-benotify"]), h.Udp);

        Assert.Equal(420, response.StatusCode);
        Assert.Equal("foo", response.Headers.GetFirst(HeaderKind.Unsupported));
        Assert.Empty(h.Handler.Calls);
    }

    [Fact]
    public async Task Over_tcp_a_request_repeated_after_its_final_response_is_handled_again()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);
        var subscribe = SipRequests.Text("SUBSCRIBE", peer.SentBy, "TCP", branch: "z9hG4bKsame-tcp", callId: "same-tcp@peer", headers: ["Event: presence"]);

        Assert.Equal(200, (await peer.RequestAsync(subscribe)).StatusCode);
        Assert.Equal(200, (await peer.RequestAsync(subscribe)).StatusCode);

        // Timer J is zero on TCP (RFC 3261 §17.2.2): no completed transaction is kept to absorb the copy.
        Assert.Equal(2, h.Handler.Calls.Count);
    }

    [Fact]
    public async Task Over_udp_a_request_repeated_after_its_final_response_gets_the_same_response_and_is_not_handled_again()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        var subscribe = SipRequests.Text("SUBSCRIBE", peer.SentBy, branch: "z9hG4bKsame-udp", callId: "same-udp@peer", headers: ["Event: presence"]);

        var first = await peer.RequestAsync(subscribe, h.Udp);
        var second = await peer.RequestAsync(subscribe, h.Udp);

        Assert.Equal(200, second.StatusCode);
        Assert.Equal(first.To!.Tag, second.To!.Tag);
        Assert.Single(h.Handler.Calls);
    }

    [Fact]
    public async Task Require_naming_only_tags_the_handler_supports_reaches_the_handler()
    {
        var handler = new TestRequestHandler { OptionTags = ["eventlist", "adhoclist", "categoryList"] };
        await using var h = await StackHarness.StartAsync(handler: handler);
        using var peer = new UdpPeer();

        // Option tags are tokens: compared without regard to case (RFC 3261 §7.3.1).
        var response = await peer.RequestAsync(
            SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence", "Require: adhoclist, CATEGORYLIST", "Supported: eventlist"]), h.Udp);

        Assert.Equal(200, response.StatusCode);
        Assert.Single(h.Handler.Calls);
    }

    [Fact]
    public async Task Require_with_a_supported_and_an_unknown_tag_gets_420_listing_only_the_unknown_one()
    {
        await using var h = await StackHarness.StartAsync(handler: new TestRequestHandler { OptionTags = ["eventlist"] });
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(
            SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence", "Require: eventlist", "Require: ms-benotify, foo"]), h.Udp);

        Assert.Equal(420, response.StatusCode);
        Assert.Equal("ms-benotify, foo", response.Headers.GetFirst(HeaderKind.Unsupported));
        Assert.Empty(h.Handler.Calls);
    }

    [Fact]
    public async Task Options_lists_the_handlers_option_tags_in_supported()
    {
        await using var h = await StackHarness.StartAsync(handler: new TestRequestHandler { OptionTags = ["eventlist", "adhoclist", "EventList"] });
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("eventlist, adhoclist", response.Headers.GetFirst(HeaderKind.Supported));
    }

    [Fact]
    public async Task Proxy_require_alone_is_ignored_by_a_uas()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(
            SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence", "Proxy-Require: ms-benotify"]), h.Udp);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Foreign_domain_gets_404()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, uri: "sip:alice@elsewhere.net"), h.Udp);

        Assert.Equal(404, response.StatusCode);
        Assert.Empty(h.Handler.Calls);
    }

    [Theory]
    [InlineData("tel:+15551234567")]
    [InlineData("urn:service:sos")]
    public async Task Non_sip_request_uri_gets_416(string uri)
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, uri: uri), h.Udp);

        Assert.Equal(416, response.StatusCode);
    }

    [Fact]
    public async Task Max_forwards_zero_is_fine_for_the_endpoint()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var text = SipRequests.Text("OPTIONS", peer.SentBy).Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal);
        Assert.Equal(200, (await peer.RequestAsync(text, h.Udp)).StatusCode);
    }

    [Fact]
    public async Task Rport_request_is_answered_to_the_source_port_with_received_and_rport()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        // sent-by names a host and port that are not where the request came from (a NAT in between).
        var response = await peer.RequestAsync(SipRequests.Text("OPTIONS", "client.invalid:9", viaParams: ";rport"), h.Udp);

        var via = response.TopVia!;
        Assert.Equal("client.invalid", via.Host);
        Assert.Equal("127.0.0.1", via.Received);
        Assert.Equal(peer.LocalEndPoint.Port, via.RPort);
    }

    [Fact]
    public async Task Without_rport_the_response_goes_to_the_sent_by_port()
    {
        await using var h = await StackHarness.StartAsync();
        using var sender = new UdpPeer();
        using var listener = new UdpPeer();

        sender.Send(SipRequests.Text("OPTIONS", listener.SentBy), h.Udp);
        var response = await listener.ReceiveResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.TopVia!.Received);
    }

    [Fact]
    public async Task Received_is_added_when_sent_by_is_a_name()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        // "localhost" resolves to loopback, so the response can still be routed to the sent-by port.
        var response = await peer.RequestAsync(SipRequests.Text("OPTIONS", $"localhost:{peer.LocalEndPoint.Port}"), h.Udp);

        Assert.Equal("127.0.0.1", response.TopVia!.Received);
    }

    [Fact]
    public async Task Ipv6_received_and_rport_are_written_without_brackets()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer(AddressFamily.InterNetworkV6);

        var response = await peer.RequestAsync(
            SipRequests.Text("OPTIONS", "[2001:db8::9]:5060", viaParams: ";rport", uri: "sip:[::1]"), h.EndPoint(TransportProtocol.Udp, AddressFamily.InterNetworkV6));

        Assert.Equal("::1", response.TopVia!.Received);
        Assert.Equal(peer.LocalEndPoint.Port, response.TopVia.RPort);
    }

    [Fact]
    public async Task Retransmitted_udp_request_gets_the_same_response_and_reaches_the_handler_once()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        var request = SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence", "Expires: 600"]);

        peer.Send(request, h.Udp);
        var (first, _) = await peer.ReceiveBytesAsync();
        peer.Send(request, h.Udp);
        var (second, _) = await peer.ReceiveBytesAsync();

        Assert.Equal(first, second);
        Assert.Single(h.Handler.Calls);
    }

    [Fact]
    public async Task Merged_request_gets_482()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var first = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: "merge@peer", headers: ["Event: presence"]), h.Udp);
        var second = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: "merge@peer", headers: ["Event: presence"]), h.Udp);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(482, second.StatusCode);
        Assert.Single(h.Handler.Calls);
    }

    [Fact]
    public async Task Cancel_gets_481_without_a_transaction_and_200_with_one()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        var branch = SipRequests.NewBranch();

        var orphan = await peer.RequestAsync(SipRequests.Text("CANCEL", peer.SentBy), h.Udp);
        await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, branch: branch, callId: "c2@peer", headers: ["Event: presence"]), h.Udp);
        var matched = await peer.RequestAsync(SipRequests.Text("CANCEL", peer.SentBy, branch: branch, callId: "c2@peer"), h.Udp);

        Assert.Equal(481, orphan.StatusCode);
        Assert.Equal(200, matched.StatusCode);
        Assert.Equal(SipMethods.Cancel, matched.CSeq!.Value.Method);
    }

    [Fact]
    public async Task Ack_to_a_non_invite_is_never_answered()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        peer.Send(SipRequests.Text("ACK", peer.SentBy, toTag: "x"), h.Udp);
        var next = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp);

        Assert.Equal(SipMethods.Options, next.CSeq!.Value.Method);
    }

    [Fact]
    public async Task Response_matching_no_transaction_is_dropped()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        peer.Send(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnobody\r\nFrom: <sip:a@example.com>;tag=1\r\n" +
            "To: <sip:b@example.com>;tag=2\r\nCall-ID: stray@peer\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n",
            h.Udp);
        await h.Logs.WaitForAsync(2000);

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp)).StatusCode);
    }

    [Fact]
    public async Task Handler_that_throws_gets_500_and_the_stack_keeps_serving()
    {
        var handler = new TestRequestHandler { Behavior = _ => throw new InvalidOperationException("boom") };
        await using var h = await StackHarness.StartAsync(handler: handler, expectedErrors: 1510);
        using var peer = new UdpPeer();

        var failed = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: "t1@peer", headers: ["Event: presence"]), h.Udp);
        handler.Behavior = r => r.RespondAsync(r.CreateResponse(202));
        var next = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: "t2@peer", headers: ["Event: presence"]), h.Udp);

        Assert.Equal(500, failed.StatusCode);
        Assert.Equal(202, next.StatusCode);
        Assert.True(h.Logs.Has(1510));
    }

    [Fact]
    public async Task Async_handler_that_forgets_to_answer_gets_500()
    {
        var handler = new TestRequestHandler
        {
            Behavior = async _ => await Task.Yield(),
        };
        await using var h = await StackHarness.StartAsync(handler: handler, expectedErrors: 1511);
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence"]), h.Udp);

        Assert.Equal(500, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_request_with_a_via_gets_400_naming_the_fault()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var text = SipRequests.Text("OPTIONS", peer.SentBy).Replace("CSeq: 1 OPTIONS", "CSeq: x OPTIONS", StringComparison.Ordinal);
        peer.Send(text, h.Udp);
        var (bytes, _) = await peer.ReceiveBytesAsync();

        // The broken CSeq is echoed as received (§8.2.6.2), so only the status line is read here.
        Assert.StartsWith("SIP/2.0 400 Bad Request (CSeq", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.True(h.Logs.Has(1010));
    }

    [Fact]
    public async Task Malformed_expires_gets_a_readable_400()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence", "Expires: soon"]), h.Udp);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("Expires", response.ReasonPhrase, StringComparison.Ordinal);
        Assert.Empty(h.Handler.Calls);
    }

    [Fact]
    public async Task Garbage_datagram_is_dropped_and_the_next_request_is_served()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        peer.Send("\u0001\u0002 this is not SIP\r\n\r\n", h.Udp);
        await h.Logs.WaitForAsync(1011);

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp)).StatusCode);
        Assert.DoesNotContain(h.Logs.Entries, e => e.EventId.Id == 1011 && e.Message.Contains("not SIP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Response_copies_every_via_in_order_and_keeps_lync_parameters()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(
            SipRequests.Text("OPTIONS", peer.SentBy, viaParams: ";ms-received-port=50934;ms-received-cid=2A3B00",
                headers: ["Via: SIP/2.0/TLS 192.0.2.44:50934;branch=z9hG4bKdown;received=192.0.2.44"]),
            h.Udp);

        var vias = response.Vias.ToList();
        Assert.Equal(2, vias.Count);
        Assert.Equal("50934", vias[0].Parameters.Get("ms-received-port"));
        Assert.Equal("z9hG4bKdown", vias[1].Branch);
    }
}
