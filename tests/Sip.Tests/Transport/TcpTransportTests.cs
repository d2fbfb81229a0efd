using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>TCP framing, keep-alives, limits and connection reuse, over loopback with a scripted peer.</summary>
public sealed class TcpTransportTests
{
    [Fact]
    public async Task Two_messages_in_one_write_get_two_responses()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);

        await peer.SendAsync(
            SipRequests.Text("OPTIONS", peer.SentBy, "TCP", callId: "a@peer") +
            SipRequests.Text("OPTIONS", peer.SentBy, "TCP", callId: "b@peer"));

        Assert.Equal("a@peer", (await peer.ReceiveResponseAsync()).CallId);
        Assert.Equal("b@peer", (await peer.ReceiveResponseAsync()).CallId);
    }

    [Fact]
    public async Task Message_split_across_writes_is_put_back_together()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);
        var text = SipRequests.Text("SUBSCRIBE", peer.SentBy, "TCP", headers: ["Event: presence", "Content-Type: text/plain"], body: "hello body");

        await peer.SendAsync(text[..7]);
        await Task.Delay(20);
        await peer.SendAsync(text[7..60]);
        await Task.Delay(20);
        await peer.SendAsync(text[60..^3]);
        await Task.Delay(20);
        await peer.SendAsync(text[^3..]);

        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal("hello body", System.Text.Encoding.UTF8.GetString(Assert.Single(h.Handler.Calls).Request.Body.Span));
    }

    [Fact]
    public async Task Crlf_ping_gets_a_crlf_pong()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);

        await peer.SendAsync("\r\n\r\n");

        Assert.Equal("\r\n", await peer.ReceiveRawAsync(2));
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);
    }

    [Fact]
    public async Task Connection_closing_mid_message_does_not_disturb_another()
    {
        await using var h = await StackHarness.StartAsync();
        using var healthy = await TcpPeer.ConnectAsync(h.Tcp);
        using (var broken = await TcpPeer.ConnectAsync(h.Tcp))
        {
            var text = SipRequests.Text("OPTIONS", broken.SentBy, "TCP");
            await broken.SendAsync(text[..(text.Length / 2)]);
        }

        await h.Logs.WaitForAsync(1027);
        Assert.Equal(200, (await healthy.RequestAsync(SipRequests.Text("OPTIONS", healthy.SentBy, "TCP"))).StatusCode);
    }

    [Fact]
    public async Task Garbage_closes_the_connection_and_the_next_one_works()
    {
        await using var h = await StackHarness.StartAsync();
        using (var bad = await TcpPeer.ConnectAsync(h.Tcp))
        {
            await bad.SendAsync("\rthis is no SIP at all\r\n\r\n");
            Assert.True(await bad.WaitForCloseAsync());
        }

        using var good = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await good.RequestAsync(SipRequests.Text("OPTIONS", good.SentBy, "TCP"))).StatusCode);
        Assert.True(h.Logs.Has(1026));
    }

    [Fact]
    public async Task Readable_request_without_content_length_gets_400_then_close()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);

        var response = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP", contentLength: false));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("Content-Length", response.ReasonPhrase, StringComparison.Ordinal);
        Assert.True(await peer.WaitForCloseAsync());
        Assert.True(h.Logs.Has(1025));
    }

    [Fact]
    public async Task Connections_over_the_per_address_limit_are_refused()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MaxConnectionsPerAddress = 2 } });
        using var first = await TcpPeer.ConnectAsync(h.Tcp);
        using var second = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await first.RequestAsync(SipRequests.Text("OPTIONS", first.SentBy, "TCP"))).StatusCode);
        Assert.Equal(200, (await second.RequestAsync(SipRequests.Text("OPTIONS", second.SentBy, "TCP"))).StatusCode);

        using var third = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.True(await third.WaitForCloseAsync());
        Assert.True(h.Logs.Has(1023));

        // Closing one frees a place.
        first.Dispose();
        await h.Logs.WaitForAsync(1022);
        using var fourth = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await fourth.RequestAsync(SipRequests.Text("OPTIONS", fourth.SentBy, "TCP"))).StatusCode);
    }

    [Fact]
    public async Task Idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { IdleTimeout = TimeSpan.FromMinutes(1) } });
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);

        h.Time.AdvanceSeconds(30);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);
        h.Time.AdvanceSeconds(45);

        // Traffic at 30 s pushed the deadline to 90 s: still open.
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);
        h.Time.AdvanceSeconds(61);

        Assert.True(await peer.WaitForCloseAsync());
    }

    [Fact]
    public async Task Request_to_a_connected_peer_reuses_its_connection()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);

        var notify = Notify($"sip:watcher@{peer.SentBy};transport=tcp");
        var pending = h.Stack.SendRequestAsync(notify);
        var received = await peer.ReceiveRequestAsync();
        await peer.SendAsync(SipRequests.OkFor(received));
        var result = await pending.WaitAsync(Timeouts.HangGuard);

        Assert.Equal(ClientTransactionOutcome.Response, result.Outcome);
        Assert.Equal(200, result.Response!.StatusCode);
        var via = received.TopVia!;
        Assert.Equal("TCP", via.Transport);
        Assert.StartsWith(ViaHeader.MagicCookie, via.Branch, StringComparison.Ordinal);
        Assert.True(via.HasRPort);
        Assert.Equal(h.Tcp.Port, via.Port);
        Assert.Equal("70", received.Headers.GetFirst(HeaderKind.MaxForwards));
    }

    [Fact]
    public async Task Request_with_a_preferred_flow_goes_on_that_connection()
    {
        var handler = new TestRequestHandler();
        await using var h = await StackHarness.StartAsync(handler: handler);
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, "TCP", headers: ["Event: presence"]))).StatusCode);
        var flow = Assert.Single(handler.Calls).Flow;
        Assert.Equal(TransportProtocol.Tcp, flow.Protocol);

        // The Contact would lead to a closed port on loopback: only the flow reaches the watcher.
        var pending = h.Stack.SendRequestAsync(Notify("sip:watcher@127.0.0.1:1;transport=tcp"), flow);
        var received = await peer.ReceiveRequestAsync();
        await peer.SendAsync(SipRequests.OkFor(received));

        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Preferred_flow_that_is_gone_falls_back_to_the_request_uri()
    {
        await using var h = await StackHarness.StartAsync(expectedErrors: []);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var gone = new SipFlow(TransportProtocol.Tcp, h.Tcp, new IPEndPoint(IPAddress.Loopback, 9));

        var pending = h.Stack.SendRequestAsync(Notify($"sip:watcher@{SipRequests.SentBy((IPEndPoint)listener.LocalEndPoint!)};transport=tcp"), gone);
        using var peer = TcpPeer.Wrap(await listener.AcceptAsync().WaitAsync(Timeouts.HangGuard));
        var received = await peer.ReceiveRequestAsync();
        await peer.SendAsync(SipRequests.OkFor(received));

        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Response_whose_connection_is_gone_goes_on_a_new_one_to_sent_by()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestRequestHandler
        {
            Behavior = async r =>
            {
                await release.Task;
                await r.RespondAsync(r.CreateResponse(200));
            },
        };
        await using var h = await StackHarness.StartAsync(handler: handler);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var sentBy = SipRequests.SentBy((IPEndPoint)listener.LocalEndPoint!);

        using (var peer = await TcpPeer.ConnectAsync(h.Tcp))
        {
            await peer.SendAsync(SipRequests.Text("SUBSCRIBE", sentBy, "TCP", headers: ["Event: presence"]));
            await Wait.UntilAsync(() => !handler.Calls.IsEmpty);
        }

        await h.Logs.WaitForAsync(1022);
        release.SetResult();
        using var back = TcpPeer.Wrap(await listener.AcceptAsync().WaitAsync(Timeouts.HangGuard));

        Assert.Equal(200, (await back.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Unreachable_tcp_target_is_a_transport_error()
    {
        await using var h = await StackHarness.StartAsync();

        var result = await h.Stack.SendRequestAsync(Notify("sip:watcher@127.0.0.1:1;transport=tcp")).WaitAsync(Timeouts.HangGuard);

        Assert.Equal(ClientTransactionOutcome.TransportError, result.Outcome);
    }

    internal static SipRequest Notify(string uri)
    {
        var headers = new SipHeaders();
        headers.Add(HeaderKind.From, "<sip:alice@example.com>;tag=n1");
        headers.Add(HeaderKind.To, "<sip:watcher@example.org>;tag=w1");
        headers.Add(HeaderKind.CallId, SipIds.NewCallId());
        headers.Add(HeaderKind.CSeq, "1 NOTIFY");
        headers.Add(HeaderKind.Event, "presence");
        headers.Add(HeaderKind.SubscriptionState, "active;expires=600");
        headers.Add(HeaderKind.Contact, "<sip:alice@127.0.0.1>");
        return new SipRequest(SipMethods.Notify, SipUri.Parse(uri), headers);
    }
}
