using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>
/// No request forgery through a Contact or a route set: a watcher's NOTIFYs go where its SUBSCRIBE came from unless
/// it is a trusted peer. Real sockets on loopback: the stack on 127.0.0.1, the watcher on 127.0.0.2, and the host its
/// Contact or Record-Route names on 127.0.0.3.
/// </summary>
public sealed class NotifyDestinationTests
{
    private static readonly IPAddress s_watcher = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress s_third = IPAddress.Parse("127.0.0.3");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Over_udp_an_untrusted_watchers_notify_goes_to_its_source_and_nothing_to_the_host_it_names(bool byRecordRoute)
    {
        await using var h = await StackHarness.StartAsync();
        using var watcher = new UdpPeer(new IPEndPoint(s_watcher, 0));
        using var third = Bind(SocketType.Dgram, s_third);
        var named = SipRequests.SentBy((IPEndPoint)third.LocalEndPoint!);
        string[] headers = byRecordRoute
            ? ["Event: presence", $"Contact: <sip:watcher@{watcher.SentBy}>", $"Record-Route: <sip:{named};lr>"]
            : ["Event: presence", $"Contact: <sip:watcher@{named}>"];

        var dialog = await SubscribeAsync(h, watcher, headers);
        Assert.False(dialog.PeerTrusted);
        var result = await NotifyAndAnswerAsync(h, dialog, watcher);

        Assert.Equal(200, result.Response!.StatusCode);
        Assert.Equal(0, third.Available);
        Assert.True(h.Logs.Has(2009));
    }

    [Theory]
    [InlineData("127.0.0.2")]
    [InlineData("127.0.0.3")]
    public async Task A_contact_with_transport_tcp_opens_no_connection_from_a_udp_subscribe(string contactAddress)
    {
        await using var h = await StackHarness.StartAsync();
        using var watcher = new UdpPeer(new IPEndPoint(s_watcher, 0));
        using var listener = Bind(SocketType.Stream, IPAddress.Parse(contactAddress));
        listener.Listen();
        var named = SipRequests.SentBy((IPEndPoint)listener.LocalEndPoint!);

        var dialog = await SubscribeAsync(h, watcher, ["Event: presence", $"Contact: <sip:watcher@{named};transport=tcp>"]);
        var result = await NotifyAndAnswerAsync(h, dialog, watcher);

        Assert.Equal(200, result.Response!.StatusCode);
        Assert.False(listener.Poll(0, SelectMode.SelectRead), "a connection is waiting to be accepted");
    }

    [Fact]
    public async Task A_notify_too_big_for_the_budget_of_a_udp_source_that_never_answered_opens_no_tcp_connection_there()
    {
        await using var h = await StackHarness.StartAsync();
        using var listener = Bind(SocketType.Stream, IPAddress.Parse("127.0.0.5"));
        listener.Listen();
        using var watcher = new UdpPeer((IPEndPoint)listener.LocalEndPoint!);

        // The source of a UDP SUBSCRIBE may be forged: its host and port could be any internal service.
        var dialog = await SubscribeAsync(h, watcher, ["Event: presence", $"Contact: <sip:watcher@{watcher.SentBy}>"]);
        var big = Notify(dialog);
        big.Headers.Add(HeaderKind.ContentType, "application/pidf+xml");
        big.Body = new byte[4000];
        var result = await h.Stack.SendRequestAsync(big, dialog.SourceFlow).WaitAsync(Timeouts.HangGuard);

        Assert.NotEqual(ClientTransactionOutcome.Response, result.Outcome);
        Assert.False(listener.Poll(0, SelectMode.SelectRead), "a connection is waiting to be accepted");
    }

    [Fact]
    public async Task Over_udp_a_contact_naming_the_source_address_is_honoured()
    {
        await using var h = await StackHarness.StartAsync();
        using var watcher = new UdpPeer(new IPEndPoint(s_watcher, 0));
        using var contact = new UdpPeer(new IPEndPoint(s_watcher, 0));

        var dialog = await SubscribeAsync(h, watcher, ["Event: presence", $"Contact: <sip:watcher@{contact.SentBy}>"]);
        var result = await NotifyAndAnswerAsync(h, dialog, contact);

        Assert.Equal(200, result.Response!.StatusCode);
        Assert.False(h.Logs.Has(2009));
    }

    [Fact]
    public async Task Over_tcp_once_the_watchers_connection_is_gone_no_connection_is_opened_to_the_host_it_names()
    {
        await using var h = await StackHarness.StartAsync();
        using var listener = Bind(SocketType.Stream, s_third);
        listener.Listen();
        var named = SipRequests.SentBy((IPEndPoint)listener.LocalEndPoint!);
        var socket = Bind(SocketType.Stream, s_watcher);
        await socket.ConnectAsync(h.Tcp).WaitAsync(Timeouts.HangGuard);
        Dialog dialog;
        using (var watcher = TcpPeer.Wrap(socket))
        {
            var subscribe = SipRequests.Text("SUBSCRIBE", watcher.SentBy, "TCP", headers: ["Event: presence", $"Contact: <sip:watcher@{named};transport=tcp>"]);
            Assert.Equal(200, (await watcher.RequestAsync(subscribe)).StatusCode);
            dialog = CreateDialog(Assert.Single(h.Handler.Calls));

            // While the connection is open the NOTIFY goes on it.
            var pending = h.Stack.SendRequestAsync(Notify(dialog), dialog.SourceFlow);
            var notify = await watcher.ReceiveRequestAsync();
            await watcher.SendAsync(SipRequests.OkFor(notify));
            Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        }

        await h.Logs.WaitForAsync(1022);
        var result = await h.Stack.SendRequestAsync(Notify(dialog), dialog.SourceFlow).WaitAsync(Timeouts.HangGuard);

        // A new connection may only go to the source address, where nothing listens on the watcher's old port.
        Assert.Equal(ClientTransactionOutcome.TransportError, result.Outcome);
        Assert.False(listener.Poll(0, SelectMode.SelectRead), "a connection is waiting to be accepted");
    }

    [Fact]
    public async Task A_trusted_peers_contact_is_honoured()
    {
        await using var h = await StackHarness.StartAsync(o => o with { TrustedPeers = new SipTrustedPeersOptions { Networks = ["127.0.0.2"] } });
        using var watcher = new UdpPeer(new IPEndPoint(s_watcher, 0));
        using var third = new UdpPeer(new IPEndPoint(s_third, 0));

        var dialog = await SubscribeAsync(h, watcher, ["Event: presence", $"Contact: <sip:watcher@{third.SentBy}>"]);
        Assert.True(dialog.PeerTrusted);
        var result = await NotifyAndAnswerAsync(h, dialog, third);

        Assert.Equal(200, result.Response!.StatusCode);
    }

    [Fact]
    public async Task A_trusted_networks_route_set_is_honoured_over_a_new_tcp_connection()
    {
        await using var h = await StackHarness.StartAsync(o => o with { TrustedPeers = new SipTrustedPeersOptions { Networks = ["127.0.0.0/30"] } });
        using var watcher = new UdpPeer(new IPEndPoint(s_watcher, 0));
        using var proxy = Bind(SocketType.Stream, s_third);
        proxy.Listen();
        var route = $"sip:{SipRequests.SentBy((IPEndPoint)proxy.LocalEndPoint!)};transport=tcp;lr";

        var dialog = await SubscribeAsync(h, watcher, ["Event: presence", $"Contact: <sip:watcher@{watcher.SentBy}>", $"Record-Route: <{route}>"]);
        var pending = h.Stack.SendRequestAsync(Notify(dialog), dialog.SourceFlow);
        using var hop = TcpPeer.Wrap(await proxy.AcceptAsync().WaitAsync(Timeouts.HangGuard));
        var notify = await hop.ReceiveRequestAsync();
        await hop.SendAsync(SipRequests.OkFor(notify));

        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Equal($"<{route}>", notify.Headers.GetFirst(HeaderKind.Route));
    }

    [Fact]
    public async Task A_kept_next_hop_never_sends_another_sources_notify_to_the_address_it_names()
    {
        await using var h = await StackHarness.StartAsync();
        using var first = new UdpPeer(new IPEndPoint(s_watcher, 0));
        using var second = new UdpPeer(new IPEndPoint(s_third, 0));

        // The first watcher names its own address: honoured, and kept for the NOTIFYs after it.
        var honoured = await SubscribeAsync(h, first, ["Event: presence", $"Contact: <sip:first@{first.SentBy}>"]);
        Assert.Equal(200, (await NotifyAndAnswerAsync(h, honoured, first)).Response!.StatusCode);

        // The second names the first's address and port (another user part, the same hop): its NOTIFY still goes to it.
        Assert.Equal(200, (await second.RequestAsync(SipRequests.Text("SUBSCRIBE", second.SentBy,
            headers: ["Event: presence", $"Contact: <sip:second@{first.SentBy}>"]), h.Udp)).StatusCode);
        var borrowed = CreateDialog(h.Handler.Calls.Last());
        Assert.Equal(200, (await NotifyAndAnswerAsync(h, borrowed, second)).Response!.StatusCode);

        // And the first one's next NOTIFY still reaches it, nothing of the second's having gone there.
        Assert.Equal(200, (await NotifyAndAnswerAsync(h, honoured, first)).Response!.StatusCode);
        Assert.Equal(0, first.TakeQueued().Datagrams);
    }

    private static async Task<Dialog> SubscribeAsync(StackHarness h, UdpPeer watcher, string[] headers)
    {
        Assert.Equal(200, (await watcher.RequestAsync(SipRequests.Text("SUBSCRIBE", watcher.SentBy, headers: headers), h.Udp)).StatusCode);
        return CreateDialog(Assert.Single(h.Handler.Calls));
    }

    private static Dialog CreateDialog(IncomingRequest incoming)
    {
        Assert.True(Dialog.TryCreateUas(incoming, "pa1", 1, out var dialog, out var error), error);
        Assert.Equal(incoming.Flow, dialog.SourceFlow);
        Assert.Equal(incoming.IsTrustedPeer, dialog.PeerTrusted);
        return dialog;
    }

    private static async Task<ClientTransactionResult> NotifyAndAnswerAsync(StackHarness h, Dialog dialog, UdpPeer at)
    {
        var pending = h.Stack.SendRequestAsync(Notify(dialog), dialog.SourceFlow);
        var notify = Assert.IsType<SipRequest>(await at.ReceiveAsync());
        Assert.Equal(SipMethods.Notify, notify.Method);
        at.Send(SipRequests.OkFor(notify), h.Udp);
        return await pending.WaitAsync(Timeouts.HangGuard);
    }

    private static SipRequest Notify(Dialog dialog)
    {
        var notify = dialog.CreateRequest(SipMethods.Notify);
        notify.Headers.Add(HeaderKind.Event, "presence");
        notify.Headers.Add(HeaderKind.SubscriptionState, "active;expires=600");
        return notify;
    }

    private static Socket Bind(SocketType type, IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }
}
