using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>Nothing a handler throws takes the stack down: the request gets 500 and the next one is served.</summary>
public sealed class HandlerFaultTests
{
    [Fact]
    public async Task A_handler_throwing_after_going_async_gets_500_and_the_next_request_is_served()
    {
        var handler = new TestRequestHandler
        {
            Behavior = async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("boom");
            },
        };
        await using var h = await StackHarness.StartAsync(handler: handler, expectedErrors: 1510);
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);

        var failed = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, "TCP", headers: ["Event: presence"]));
        handler.Behavior = r => r.RespondAsync(r.CreateResponse(200));
        var next = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, "TCP", headers: ["Event: presence"]));

        Assert.Equal(500, failed.StatusCode);
        Assert.Equal(200, next.StatusCode);
        Assert.Equal(1, h.Logs.Count(1510));
    }

    [Fact]
    public async Task A_handler_throwing_after_its_final_response_is_logged_and_nothing_more_is_sent()
    {
        var handler = new TestRequestHandler
        {
            Behavior = async r =>
            {
                await r.RespondAsync(r.CreateResponse(202));
                throw new InvalidOperationException("after the answer");
            },
        };
        await using var h = await StackHarness.StartAsync(handler: handler, expectedErrors: 1510);
        using var peer = new UdpPeer();

        var answered = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence"]), h.Udp);
        await h.Logs.WaitForAsync(1510);
        var next = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp);

        Assert.Equal(202, answered.StatusCode);
        Assert.Equal("OPTIONS", next.CSeq!.Value.Method);
    }
}
