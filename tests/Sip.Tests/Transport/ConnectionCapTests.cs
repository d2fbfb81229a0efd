using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>Connection limits over real sockets: the global cap, per host (IPv6 per /64), outbound caps, connect timeout.</summary>
public sealed class ConnectionCapTests
{
    [Fact]
    public async Task Connection_past_MaxConnections_is_closed_at_once_and_the_refusals_are_sampled()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MaxConnections = 3 } });
        var served = new List<TcpPeer>();
        for (var i = 0; i < 3; i++)
        {
            var peer = await TcpPeer.ConnectAsync(h.Tcp);
            served.Add(peer);
            Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            using var refused = await TcpPeer.ConnectAsync(h.Tcp);
            Assert.True(await refused.WaitForCloseAsync());
            Assert.Equal(0, refused.Buffered);
        }

        // One line for the first refusal; the next, a sample interval later, counts those left out.
        Assert.Equal(1, h.Logs.Count(1024));
        h.Time.AdvanceSeconds(60);
        using (var late = await TcpPeer.ConnectAsync(h.Tcp))
        {
            Assert.True(await late.WaitForCloseAsync());
        }

        var sampled = h.Logs.Entries.Where(e => e.EventId.Id == 1024).ToList();
        Assert.Equal(2, sampled.Count);
        Assert.EndsWith("(2 more since 00:00:00)", sampled[1].Message, StringComparison.Ordinal);

        // Closing one frees a place.
        served[0].Dispose();
        await h.Logs.WaitForAsync(1022);
        using var next = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await next.RequestAsync(SipRequests.Text("OPTIONS", next.SentBy, "TCP"))).StatusCode);
        served.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task Per_address_cap_holds_over_ipv6_and_each_host_is_counted_apart()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MaxConnectionsPerAddress = 1 } });
        var v6 = h.EndPoint(TransportProtocol.Tcp, AddressFamily.InterNetworkV6);
        using var first = await TcpPeer.ConnectAsync(v6);
        Assert.Equal(200, (await first.RequestAsync(SipRequests.Text("OPTIONS", first.SentBy, "TCP"))).StatusCode);

        using (var second = await TcpPeer.ConnectAsync(v6))
        {
            Assert.True(await second.WaitForCloseAsync());
        }

        using var v4 = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await v4.RequestAsync(SipRequests.Text("OPTIONS", v4.SentBy, "TCP"))).StatusCode);
        Assert.Contains("[::1]", Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1023).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_address_refusals_are_sampled_per_peer()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MaxConnectionsPerAddress = 1 } });
        using var one = await ConnectFromAsync("127.0.0.61", h.Tcp);
        using var other = await ConnectFromAsync("127.0.0.62", h.Tcp);
        Assert.Equal(200, (await one.RequestAsync(SipRequests.Text("OPTIONS", one.SentBy, "TCP"))).StatusCode);
        Assert.Equal(200, (await other.RequestAsync(SipRequests.Text("OPTIONS", other.SentBy, "TCP"))).StatusCode);

        foreach (var from in new[] { "127.0.0.61", "127.0.0.61", "127.0.0.61", "127.0.0.62" })
        {
            using var refused = await ConnectFromAsync(from, h.Tcp);
            Assert.True(await refused.WaitForCloseAsync());
        }

        var logged = h.Logs.Entries.Where(e => e.EventId.Id == 1023).Select(e => e.Message).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Contains(logged, m => m.Contains("127.0.0.61", StringComparison.Ordinal));
        Assert.Contains(logged, m => m.Contains("127.0.0.62", StringComparison.Ordinal));
    }

    [Fact]
    public void Ipv6_peers_are_counted_per_64()
    {
        // Loopback has one IPv6 address, so the /64 is shown on the table itself.
        var table = new TcpConnectionTable(new SipLimits { MaxConnectionsPerAddress = 2 });

        Assert.Equal(ConnectionLimit.None, table.TryReserveInbound(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(ConnectionLimit.None, table.TryReserveInbound(IPAddress.Parse("2001:db8::ffff:2")));
        Assert.Equal(ConnectionLimit.MaxConnectionsPerAddress, table.TryReserveInbound(IPAddress.Parse("2001:db8::3")));
        Assert.Equal(ConnectionLimit.None, table.TryReserveInbound(IPAddress.Parse("2001:db8:0:1::1")));

        table.Release(IPAddress.Parse("2001:db8::1"), inbound: true);
        Assert.Equal(ConnectionLimit.None, table.TryReserveInbound(IPAddress.Parse("2001:db8::3")));
        Assert.Equal(3, table.Total);
    }

    [Fact]
    public async Task Outbound_connections_to_one_host_stop_at_the_per_destination_cap()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MaxOutboundConnectionsPerAddress = 2 } });
        using var elsewhere = Listen("127.0.0.52");

        await AssertTwoOpenAndTheThirdRefusedAsync(h, ["127.0.0.51", "127.0.0.51", "127.0.0.51"], "MaxOutboundConnectionsPerAddress (2)");

        _ = h.Stack.SendRequestAsync(TcpTransportTests.Notify(Uri(elsewhere)));
        using var other = await elsewhere.AcceptAsync().WaitAsync(Timeouts.HangGuard);
    }

    [Fact]
    public async Task Outbound_connections_stop_at_the_global_outbound_cap()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MaxOutboundConnections = 2 } });

        await AssertTwoOpenAndTheThirdRefusedAsync(h, ["127.0.0.53", "127.0.0.54", "127.0.0.55"], "MaxOutboundConnections (2)");
    }

    /// <summary>NOTIFYs to listeners on <paramref name="addresses"/>: the first two connect, the third is refused and logged naming the cap.</summary>
    private static async Task AssertTwoOpenAndTheThirdRefusedAsync(StackHarness h, string[] addresses, string cap)
    {
        using var a = Listen(addresses[0]);
        using var b = Listen(addresses[1]);
        using var c = Listen(addresses[2]);

        _ = h.Stack.SendRequestAsync(TcpTransportTests.Notify(Uri(a)));
        _ = h.Stack.SendRequestAsync(TcpTransportTests.Notify(Uri(b)));
        using var first = await a.AcceptAsync().WaitAsync(Timeouts.HangGuard);
        using var second = await b.AcceptAsync().WaitAsync(Timeouts.HangGuard);

        var third = await h.Stack.SendRequestAsync(TcpTransportTests.Notify(Uri(c))).WaitAsync(Timeouts.HangGuard);

        Assert.Equal(ClientTransactionOutcome.TransportError, third.Outcome);
        Assert.Contains(cap, Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1035).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbound_connections_count_against_MaxConnections_too()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MaxConnections = 2 } });
        using var inbound = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await inbound.RequestAsync(SipRequests.Text("OPTIONS", inbound.SentBy, "TCP"))).StatusCode);
        using var a = Listen("127.0.0.56");
        using var b = Listen("127.0.0.57");

        _ = h.Stack.SendRequestAsync(TcpTransportTests.Notify(Uri(a)));
        using var opened = await a.AcceptAsync().WaitAsync(Timeouts.HangGuard);
        var refused = await h.Stack.SendRequestAsync(TcpTransportTests.Notify(Uri(b))).WaitAsync(Timeouts.HangGuard);

        Assert.Equal(ClientTransactionOutcome.TransportError, refused.Outcome);
        Assert.Contains("MaxConnections (2)", Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1035).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_to_a_blackhole_fails_at_the_connect_timeout_not_at_timer_f()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { ConnectTimeout = TimeSpan.FromSeconds(5) } });

        // A listener whose backlog is full: the kernel drops further SYNs, as a firewall that drops them would.
        using var blackhole = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blackhole.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.58"), 0));
        blackhole.Listen(0);
        using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await filler.ConnectAsync(blackhole.LocalEndPoint!);

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify(Uri(blackhole)));
        for (var i = 0; i < 60 && !pending.IsCompleted; i++)
        {
            h.Time.AdvanceSeconds(1);
            await Task.Delay(10);
        }

        var result = await pending.WaitAsync(Timeouts.HangGuard);
        Assert.Equal(ClientTransactionOutcome.TransportError, result.Outcome);
        Assert.Contains("not connected within 00:00:05", Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1033).Message, StringComparison.Ordinal);
    }

    private static async Task<TcpPeer> ConnectFromAsync(string address, IPEndPoint to)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        await socket.ConnectAsync(to, cts.Token);
        return TcpPeer.Wrap(socket);
    }

    private static Socket Listen(string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        socket.Listen();
        return socket;
    }

    private static string Uri(Socket listener) => $"sip:watcher@{SipRequests.SentBy((IPEndPoint)listener.LocalEndPoint!)};transport=tcp";
}
