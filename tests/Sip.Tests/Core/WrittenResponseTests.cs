using System.Text;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>Responses a handler answers through <see cref="IncomingRequest.RespondAsync(int, string?, string?, in ResponseFields)"/>, on the wire.</summary>
public sealed class WrittenResponseTests
{
    [Fact]
    public async Task Udp_response_goes_to_the_source_port_with_received_and_rport_and_the_added_fields()
    {
        await using var h = await StackHarness.StartAsync(handler: Answering());
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", "client.invalid:9", viaParams: ";rport", headers: ["Event: presence"]), h.Udp);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("127.0.0.1", response.TopVia!.Received);
        Assert.Equal(peer.LocalEndPoint.Port, response.TopVia.RPort);
        Assert.Equal("dialog-tag", response.To!.Tag);
        Assert.Equal(600, response.Expires);
        Assert.Equal("presence", response.Headers.GetFirst(HeaderKind.AllowEvents));
        Assert.Equal("PresenceAgent/0.1", response.Headers.GetFirst(HeaderKind.Server));
    }

    [Fact]
    public async Task Retransmissions_get_the_same_written_bytes_again()
    {
        await using var h = await StackHarness.StartAsync(handler: Answering());
        using var peer = new UdpPeer();
        var request = SipRequests.Text("SUBSCRIBE", peer.SentBy, viaParams: ";rport", headers: ["Event: presence"]);

        peer.Send(request, h.Udp);
        var (first, _) = await peer.ReceiveBytesAsync();
        peer.Send(request, h.Udp);
        var (second, _) = await peer.ReceiveBytesAsync();
        peer.Send(request, h.Udp);
        var (third, _) = await peer.ReceiveBytesAsync();

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Single(h.Handler.Calls);
        Assert.Contains($";rport={peer.LocalEndPoint.Port};received=127.0.0.1\r\n", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provisional_is_kept_past_its_rented_buffer_for_retransmissions_then_the_final_replaces_it()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestRequestHandler
        {
            Behavior = async r =>
            {
                await r.RespondAsync(180, null, "dialog-tag", default);
                await gate.Task;
                var added = default(ResponseFields);
                added.Add(HeaderKind.Expires, 60);
                await r.RespondAsync(200, null, "dialog-tag", added);
            },
        };
        await using var h = await StackHarness.StartAsync(handler: handler);
        using var peer = new UdpPeer();
        var request = SipRequests.Text("SUBSCRIBE", peer.SentBy, viaParams: ";rport", headers: ["Event: presence"]);

        peer.Send(request, h.Udp);
        var (provisional, _) = await peer.ReceiveBytesAsync();
        peer.Send(request, h.Udp);
        var (again, _) = await peer.ReceiveBytesAsync();
        gate.SetResult();
        var (final, _) = await peer.ReceiveBytesAsync();

        // The final is recorded by the handler's thread just after its send, so an immediate retransmission may be absorbed.
        var (finalAgain, _) = await peer.RetransmitUntilAnsweredAsync(request, h.Udp);

        Assert.StartsWith("SIP/2.0 180 Ringing\r\n", Encoding.UTF8.GetString(provisional), StringComparison.Ordinal);
        Assert.Equal(provisional, again);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", Encoding.UTF8.GetString(final), StringComparison.Ordinal);
        Assert.Equal(final, finalAgain);
    }

    [Fact]
    public async Task Tcp_response_goes_back_on_the_connection()
    {
        await using var h = await StackHarness.StartAsync(handler: Answering());
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);

        var response = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", "client.invalid", "TCP", headers: ["Event: presence"]));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("127.0.0.1", response.TopVia!.Received);
        Assert.Equal(600, response.Expires);
    }

    [Fact]
    public async Task A_received_parameter_the_stamp_keeps_is_followed_by_the_general_path()
    {
        await using var h = await StackHarness.StartAsync(handler: Answering());
        using var peer = new UdpPeer();

        // sent-by is the source, so nothing is stamped, and received= is where the response must go (§18.2.2).
        var response = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, viaParams: ";received=127.0.0.1", headers: ["Event: presence"]), h.Udp);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(600, response.Expires);
    }

    private static TestRequestHandler Answering() => new()
    {
        Behavior = r =>
        {
            var added = default(ResponseFields);
            added.Add(HeaderKind.Expires, 600);
            added.Add(HeaderKind.AllowEvents, "presence");
            return r.RespondAsync(200, null, "dialog-tag", added);
        },
    };
}
