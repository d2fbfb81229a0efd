using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// Anti-amplification over UDP (RFC 9000 §8.1), over real sockets. Loopback cannot forge a source address, so a
/// second socket on the victim's address (127.0.0.x) sends what a forger would; the victim's own socket never answers
/// and counts what reaches it.
/// </summary>
public sealed class AmplificationTests
{
    /// <summary>The factor QUIC uses (RFC 9000 §8.1), the bound these tests hold the stack to.</summary>
    private static SipLimits QuicFactor => new() { AmplificationFactor = 3 };

    [Fact]
    public async Task Forged_subscribe_gets_at_most_three_times_its_bytes_out_of_us_retransmissions_included()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = QuicFactor });
        using var victim = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.31"), 0));
        using var forger = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.31"), 0));
        var contact = $"sip:watcher@{victim.SentBy}";
        var subscribe = SipRequests.Text("SUBSCRIBE", victim.SentBy, headers: ["Event: presence", $"Contact: <{contact}>", "Expires: 600"]);

        forger.Send(subscribe, h.Udp);
        await Wait.UntilAsync(() => !h.Handler.Calls.IsEmpty, "the SUBSCRIBE handled");

        // NOTIFYs to the Contact, none answered: each is retransmitted until Timer F unless withheld.
        for (var i = 0; i < 3; i++)
        {
            var outcome = await RunToEndAsync(h, h.Stack.SendRequestAsync(TcpTransportTests.Notify(contact)));
            Assert.NotEqual(ClientTransactionOutcome.Response, outcome);
        }

        var (datagrams, bytes) = victim.TakeQueued();
        Assert.True(datagrams > 0, "the budget allows the 200 and a NOTIFY");
        Assert.InRange(bytes, 1, 3 * Encoding.UTF8.GetByteCount(subscribe));
        Assert.True(h.Logs.Has(1014));
        Assert.Equal(0, forger.TakeQueued().Datagrams);
    }

    [Fact]
    public async Task Responses_to_forged_requests_count_against_the_budget()
    {
        var answered = 0;
        var handler = new TestRequestHandler
        {
            Behavior = async r =>
            {
                // A response far larger than its request, as an attacker would look for.
                var response = r.CreateResponse(200);
                response.Headers.Add(HeaderKind.ContentType, "text/plain");
                response.Body = Encoding.ASCII.GetBytes(new string('p', 4000));
                await r.RespondAsync(response);
                Interlocked.Increment(ref answered);
            },
        };
        await using var h = await StackHarness.StartAsync(o => o with { Limits = QuicFactor }, handler);
        using var victim = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.32"), 0));
        using var forger = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.32"), 0));

        var forged = 0;
        for (var i = 0; i < 5; i++)
        {
            var subscribe = SipRequests.Text("SUBSCRIBE", victim.SentBy, headers: ["Event: presence"]);
            forger.Send(subscribe, h.Udp);
            forged += Encoding.UTF8.GetByteCount(subscribe);
        }

        await Wait.UntilAsync(() => Volatile.Read(ref answered) == 5, "five answers sent or withheld");

        var (_, bytes) = victim.TakeQueued();
        Assert.InRange(bytes, 0, 3 * forged);
        Assert.True(h.Logs.Count(1014) >= 2);
    }

    [Fact]
    public async Task Unparsable_datagrams_count_and_an_address_that_answered_is_no_longer_limited()
    {
        await using var h = TransportHarness.Start(QuicFactor);
        using var peer = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.33"), 0));
        peer.Send(new string('#', 200), h.Udp);
        await h.Logs.WaitForAsync(1011);
        var notify = TcpTransportTests.Notify($"sip:watcher@{peer.SentBy}");

        // 200 bytes of garbage buy 600: not a NOTIFY of some 400 bytes twice.
        Assert.NotNull(await h.SendUdpAsync(notify, peer.LocalEndPoint));
        Assert.Null(await h.SendUdpAsync(notify, peer.LocalEndPoint));
        Assert.Equal(1, h.Layer.UdpSendsWithheld);

        // The transaction layer reports the answer; the IPv4-mapped form names the same address.
        h.Layer.AddressAnswered(IPAddress.Parse("::ffff:127.0.0.33"));
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(await h.SendUdpAsync(notify, peer.LocalEndPoint));
        }

        Assert.Equal(6, peer.TakeQueued().Datagrams);
        Assert.Equal(1, h.Layer.UdpSendsWithheld);
    }

    [Fact]
    public async Task Request_past_the_udp_budget_goes_over_tcp_when_the_peer_listens_there()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = QuicFactor });
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.34"), 0));
        tcp.Listen();
        using var udp = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.34"), ((IPEndPoint)tcp.LocalEndPoint!).Port));

        // Never heard from over UDP: the NOTIFY goes over TCP, whose handshake proves the address.
        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify($"sip:watcher@{udp.SentBy}"));
        using var peer = TcpPeer.Wrap(await tcp.AcceptAsync().WaitAsync(Timeouts.HangGuard));
        var received = await peer.ReceiveRequestAsync();
        await peer.SendAsync(SipRequests.OkFor(received));

        Assert.Equal("TCP", received.TopVia!.Transport);
        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Equal(0, udp.TakeQueued().Datagrams);
    }

    [Fact]
    public async Task Request_past_the_udp_budget_to_a_peer_without_tcp_is_withheld()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = QuicFactor });
        using var peer = new UdpPeer(new IPEndPoint(IPAddress.Parse("127.0.0.35"), 0));

        var result = await h.Stack.SendRequestAsync(TcpTransportTests.Notify($"sip:watcher@{peer.SentBy}")).WaitAsync(Timeouts.HangGuard);

        Assert.Equal(ClientTransactionOutcome.TransportError, result.Outcome);
        Assert.True(h.Logs.Has(1014));
        Assert.Equal(0, peer.TakeQueued().Datagrams);
    }

    [Fact]
    public void Only_an_address_that_answered_or_a_trusted_one_has_no_budget()
    {
        var trustedAddress = IPAddress.Parse("10.1.2.3");
        var limit = new AmplificationLimit(factor: 3, capacity: 8, trusted: a => a.Equals(trustedAddress));
        var peer = IPAddress.Parse("192.0.2.7");
        limit.Received(peer, 500);

        Assert.False(limit.HasAnswered(peer));
        Assert.True(limit.HasAnswered(trustedAddress));
        limit.Validate(peer);
        Assert.True(limit.HasAnswered(peer));
        Assert.True(limit.HasAnswered(IPAddress.Parse("::ffff:192.0.2.7")));
    }

    [Fact]
    public void An_address_never_heard_from_gets_nothing_and_takes_no_room()
    {
        var limit = new AmplificationLimit(factor: 3, capacity: 2, trusted: static _ => false);
        var heard = IPAddress.Parse("192.0.2.1");
        limit.Received(heard, 100);

        Assert.False(limit.TrySend(IPAddress.Parse("192.0.2.2"), 1, out _, out _));
        Assert.False(limit.TrySend(IPAddress.Parse("192.0.2.3"), 1, out _, out _));
        Assert.True(limit.TrySend(heard, 300, out _, out _));
        Assert.False(limit.TrySend(heard, 1, out var sent, out var received));
        Assert.Equal((300, 100), (sent, received));
    }

    [Fact]
    public void A_forgotten_address_starts_over_with_nothing_received()
    {
        var limit = new AmplificationLimit(factor: 3, capacity: 2, trusted: static _ => false);
        var first = IPAddress.Parse("192.0.2.1");
        limit.Received(first, 1000);
        limit.Validate(first);
        limit.Received(IPAddress.Parse("192.0.2.2"), 1000);
        limit.Received(IPAddress.Parse("::ffff:192.0.2.3"), 1000);

        Assert.False(limit.TrySend(first, 1, out _, out _));
        Assert.True(limit.TrySend(IPAddress.Parse("192.0.2.3"), 3000, out _, out _));
    }

    [Fact]
    public void The_factor_is_the_configured_one()
    {
        var limit = new AmplificationLimit(factor: 1, capacity: 10, trusted: static _ => false);
        var peer = IPAddress.Parse("2001:db8::1");
        limit.Received(peer, 500);

        Assert.True(limit.TrySend(peer, 500, out _, out _));
        Assert.False(limit.TrySend(peer, 1, out _, out _));
    }

    [Fact]
    public void Accounting_an_address_already_known_allocates_nothing()
    {
        var limit = new AmplificationLimit(factor: 3, capacity: 1024, trusted: static _ => false);
        var v4 = IPAddress.Parse("192.0.2.1");
        var v6 = IPAddress.Parse("2001:db8::1");
        limit.Received(v4, 100);
        limit.Received(v6, 100);
        limit.TrySend(v4, 1, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            limit.Received(v4, 100);
            limit.Received(v6, 100);
            limit.Allows(v6, 10);
            limit.TrySend(v4, 10, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Moves virtual time a second at a time until the client transaction has ended (Timer F at most).</summary>
    private static async Task<ClientTransactionOutcome> RunToEndAsync(StackHarness h, Task<ClientTransactionResult> pending)
    {
        for (var i = 0; i < 120 && !pending.IsCompleted; i++)
        {
            h.Time.AdvanceSeconds(1);
            await Task.Delay(10);
        }

        return (await pending.WaitAsync(Timeouts.HangGuard)).Outcome;
    }
}
