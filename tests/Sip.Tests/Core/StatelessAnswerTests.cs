using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>Requests refused outright are answered once, without a transaction (RFC 3261 §8.2.7), over real UDP.</summary>
public sealed class StatelessAnswerTests
{
    [Fact]
    public async Task An_invite_gets_exactly_one_405_and_its_ack_is_ignored()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        var branch = SipRequests.NewBranch();

        var rejection = await peer.RequestAsync(SipRequests.Text("INVITE", peer.SentBy, branch: branch, callId: "invite@peer"), h.Udp);
        Assert.Equal(405, rejection.StatusCode);
        Assert.Equal("OPTIONS, SUBSCRIBE, NOTIFY", rejection.Headers.GetFirst(HeaderKind.Allow));
        Assert.Equal(0, h.Stack.PendingTransactionTimers);

        // Twenty T1 of virtual time: an INVITE server transaction would have resent the 405 on Timer G five times by now.
        for (var i = 0; i < 20; i++)
        {
            h.Time.AdvanceSeconds(0.5);
        }

        peer.Send(SipRequests.Text("ACK", peer.SentBy, branch: branch, callId: "invite@peer", toTag: rejection.To!.Tag), h.Udp);
        await h.Logs.WaitForAsync(2001);

        // The next datagram is the answer to a fresh OPTIONS: nothing came between.
        var next = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp);
        Assert.Equal(SipMethods.Options, next.CSeq!.Value.Method);
        Assert.Empty(h.Handler.Calls);
    }

    [Fact]
    public async Task A_retransmitted_invite_is_answered_again_with_the_same_to_tag()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        var invite = SipRequests.Text("INVITE", peer.SentBy, callId: "again@peer");

        var first = await peer.RequestAsync(invite, h.Udp);
        var second = await peer.RequestAsync(invite, h.Udp);
        var other = await peer.RequestAsync(SipRequests.Text("INVITE", peer.SentBy, callId: "other@peer"), h.Udp);

        Assert.Equal(405, second.StatusCode);
        Assert.Equal(first.To!.Tag, second.To!.Tag);
        Assert.NotEqual(first.To.Tag, other.To!.Tag);
    }

    [Theory]
    [InlineData("MESSAGE")]
    [InlineData("REGISTER")]
    public async Task Other_methods_we_do_not_serve_leave_no_transaction(string method)
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();
        var request = SipRequests.Text(method, peer.SentBy);

        Assert.Equal(405, (await peer.RequestAsync(request, h.Udp)).StatusCode);
        Assert.Equal(405, (await peer.RequestAsync(request, h.Udp)).StatusCode);

        Assert.Equal(0, h.Stack.PendingTransactionTimers);
    }

    [Fact]
    public async Task A_request_for_a_domain_we_do_not_serve_gets_404_without_a_transaction()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        var response = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, uri: "sip:alice@elsewhere.example", headers: ["Event: presence"]), h.Udp);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(0, h.Stack.PendingTransactionTimers);
        Assert.Empty(h.Handler.Calls);
    }

    [Theory]
    [InlineData("INVITE")]
    [InlineData("ACK")]
    public async Task A_handler_cannot_claim_invite_or_ack(string method)
    {
        var options = new SipStackOptions
        {
            Listeners = [new PresenceAgent.Sip.Transport.SipListenerOptions { Address = "127.0.0.1", Port = 0 }],
            Domains = ["example.com"],
        };

        await using var stack = new SipStack(options, new ManualTimeProvider(), new TestLogs());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => stack.StartAsync([new TestRequestHandler { Methods = ["SUBSCRIBE", method] }], CancellationToken.None));

        Assert.Contains("INVITE", error.Message, StringComparison.Ordinal);
    }
}
