using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>
/// A UDP request's receive buffer goes back to the pool only when its handler keeps no requests and finished inline;
/// otherwise the request a handler kept must read as it was received, however many datagrams follow it.
/// </summary>
public sealed class ReceiveBufferReuseTests
{
    [Fact]
    public async Task A_request_kept_by_its_handler_reads_as_received_after_many_more_datagrams()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        for (var i = 0; i < 200; i++)
        {
            var answer = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: $"kept-{i}@peer", fromTag: $"tag-{i}"), h.Udp);
            Assert.Equal(200, answer.StatusCode);
        }

        var kept = h.Handler.Calls.ToArray();
        Assert.Equal(200, kept.Length);
        for (var i = 0; i < kept.Length; i++)
        {
            Assert.False(kept[i].Request.BytesReleased);
            Assert.Equal($"kept-{i}@peer", kept[i].Request.CallId);
            Assert.Equal($"tag-{i}", kept[i].Request.From!.Tag);
            Assert.Equal(SipMethods.Subscribe, kept[i].Request.CSeq!.Value.Method);
        }
    }

    [Fact]
    public async Task A_handler_that_keeps_nothing_and_answers_inline_releases_the_bytes()
    {
        var handler = new TestRequestHandler { KeepsRequests = false };
        await using var h = await StackHarness.StartAsync(handler: handler);
        using var peer = new UdpPeer();

        var answer = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy), h.Udp);

        Assert.Equal(200, answer.StatusCode);

        // The receive thread releases the bytes once the handler has returned, which may be after the answer arrived.
        var request = Assert.Single(handler.Requests);
        Assert.True(SpinWait.SpinUntil(() => request.BytesReleased, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_handler_that_answers_later_does_not_release_the_bytes()
    {
        var handler = new TestRequestHandler
        {
            KeepsRequests = false,
            // A delay, not Task.Yield: a yielded continuation can finish on another thread before the receive loop
            // looks, and a handler that has finished is one that answered inline.
            Behavior = async r =>
            {
                await Task.Delay(50);
                await r.RespondAsync(r.CreateResponse(200));
            },
        };
        await using var h = await StackHarness.StartAsync(handler: handler);
        using var peer = new UdpPeer();

        var answer = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy), h.Udp);

        Assert.Equal(200, answer.StatusCode);
        Assert.False(Assert.Single(handler.Calls).Request.BytesReleased);
    }
}
