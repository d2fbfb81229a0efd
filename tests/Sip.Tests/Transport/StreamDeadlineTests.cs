using System.Net.Sockets;
using System.Text;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// TCP peers that hold a connection without using it: one that sends but never reads (write deadline, queue cap),
/// one that trickles a message a byte at a time (message deadline). Real sockets, virtual time.
/// </summary>
public sealed class StreamDeadlineTests
{
    private const int Chunk = 16 * 1024;

    [Fact]
    public async Task Peer_that_sends_but_never_reads_is_closed_at_the_write_deadline()
    {
        await using var h = TransportHarness.Start(new SipLimits { WriteTimeout = TimeSpan.FromSeconds(10) });
        using var peer = await ConnectNonReadingAsync(h);
        var connection = await h.ConnectionFromAsync(peer.LocalEndPoint);

        var stalled = await FillUntilStalledAsync(connection);
        h.Time.AdvanceSeconds(9);
        Assert.True(connection.IsOpen);
        h.Time.AdvanceSeconds(1);

        Assert.False(await stalled.WaitAsync(Timeouts.HangGuard));
        Assert.False(connection.IsOpen);
        var warning = Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1029);
        Assert.Contains(peer.LocalEndPoint.ToString(), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_that_pipelines_requests_and_never_reads_stops_being_read_until_the_write_deadline_closes_it()
    {
        await using var h = TransportHarness.Start(new SipLimits { WriteTimeout = TimeSpan.FromSeconds(10) });
        using var peer = await ConnectNonReadingAsync(h);
        var connection = await h.ConnectionFromAsync(peer.LocalEndPoint);
        var stalled = await FillUntilStalledAsync(connection);

        // Its answer waits behind the stalled write, and the read loop with it: what the peer sends next stays unread.
        await peer.SendAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"));
        await Wait.UntilAsync(() => h.RequestsHandled == 2, "the request read before the stall");
        for (var i = 0; i < 20; i++)
        {
            await peer.SendAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"));
        }

        // An unblocked loop reads these within milliseconds.
        await Task.Delay(300);
        Assert.Equal(2, h.RequestsHandled);
        Assert.True(connection.IsOpen);

        h.Time.AdvanceSeconds(10);
        Assert.False(await stalled.WaitAsync(Timeouts.HangGuard));
        Assert.False(connection.IsOpen);
        Assert.Equal(2, h.RequestsHandled);
    }

    [Fact]
    public async Task Peer_that_resets_while_a_write_to_it_waits_is_closed_as_reset_by_peer()
    {
        await using var h = TransportHarness.Start();
        var peer = await ConnectNonReadingAsync(h);
        var connection = await h.ConnectionFromAsync(peer.LocalEndPoint);
        var stalled = await FillUntilStalledAsync(connection);

        // The read loop waits behind the stalled write too, so only the write can see the reset.
        await peer.SendAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"));
        await Wait.UntilAsync(() => h.RequestsHandled == 2, "the request read before the reset");
        peer.Reset();

        Assert.False(await stalled.WaitAsync(Timeouts.HangGuard));
        await h.Logs.WaitForAsync(1022);
        Assert.EndsWith("closed: reset by peer", Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1022).Message);
    }

    [Fact]
    public async Task Sends_past_the_queue_cap_fail_and_close_and_the_queue_never_passes_it()
    {
        const int cap = 64 * 1024;
        await using var h = TransportHarness.Start(new SipLimits { MaxQueuedBytesPerConnection = cap });
        using var peer = await ConnectNonReadingAsync(h);
        var connection = await h.ConnectionFromAsync(peer.LocalEndPoint);

        // The first stalled write holds one chunk; three more wait behind it: exactly the cap.
        var waiting = new List<Task<bool>> { await FillUntilStalledAsync(connection) };
        for (var i = 0; i < (cap / Chunk) - 1; i++)
        {
            waiting.Add(connection.SendAsync(new byte[Chunk]).AsTask());
        }

        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        var refused = connection.SendAsync(new byte[Chunk]);

        Assert.True(refused.IsCompleted);
        Assert.False(await refused);
        Assert.False(connection.IsOpen);
        Assert.All(await Task.WhenAll(waiting).WaitAsync(Timeouts.HangGuard), Assert.False);
        var warning = Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1036);
        Assert.Contains($"{cap} bytes already wait", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_trickling_a_message_a_byte_a_second_is_closed_at_the_message_deadline()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MessageTimeout = TimeSpan.FromSeconds(30) } });
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);
        var message = Encoding.UTF8.GetBytes(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"));

        // Each byte is traffic, so the idle timeout (10 minutes) never comes; the message is never finished. The
        // agent may read a byte late; the bound below leaves it a minute of virtual time to spare.
        var sent = 0;
        while (!h.Logs.Has(1028) && sent < 90)
        {
            await peer.SendAsync([message[sent++]]);
            await Task.Delay(10);
            h.Time.AdvanceSeconds(1);
        }

        Assert.True(h.Logs.Has(1028), "not closed at the message deadline");
        Assert.True(await peer.WaitForCloseAsync());
        Assert.Empty(h.Handler.Calls);
    }

    [Fact]
    public async Task Messages_finished_in_time_keep_the_connection_however_long_it_lives()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Limits = new SipLimits { MessageTimeout = TimeSpan.FromSeconds(5) } });
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);

        for (var i = 0; i < 5; i++)
        {
            // Half a message, 4 s, the rest: under the deadline every time, while 20 s pass in all.
            var text = SipRequests.Text("OPTIONS", peer.SentBy, "TCP");
            await peer.SendAsync(text[..40]);
            await Task.Delay(20);
            h.Time.AdvanceSeconds(4);
            Assert.Equal(200, (await peer.RequestAsync(text[40..])).StatusCode);
        }

        Assert.False(h.Logs.Has(1028));
    }

    /// <summary>A peer with a small receive buffer that sends a request, takes its answer, and then reads nothing.</summary>
    private static async Task<TcpPeer> ConnectNonReadingAsync(TransportHarness h)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        await socket.ConnectAsync(h.Tcp, cts.Token);
        var peer = TcpPeer.Wrap(socket);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);
        return peer;
    }

    /// <summary>Writes chunks until one cannot finish because the peer does not read, and returns that one.</summary>
    private static async Task<Task<bool>> FillUntilStalledAsync(SipTcpConnection connection)
    {
        for (var i = 0; i < 4096; i++)
        {
            var send = connection.SendAsync(new byte[Chunk]).AsTask();

            // A write the kernel takes completes at once (loopback moves the bytes within the call); one still pending
            // after this waits for the peer to read, which it never does.
            await Task.WhenAny(send, Task.Delay(100));
            if (!send.IsCompleted)
            {
                return send;
            }

            Assert.True(send.Result);
        }

        throw new InvalidOperationException("the peer's buffers never filled");
    }
}
