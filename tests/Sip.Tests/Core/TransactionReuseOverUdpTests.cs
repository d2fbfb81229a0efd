using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>
/// Over a real socket, with a handler that keeps no requests: each request's transaction and <see cref="Sip.Core.IncomingRequest"/>
/// are reused for the next once it is answered, and retransmissions and merged copies of earlier requests still get
/// the answers that are theirs.
/// </summary>
public sealed class TransactionReuseOverUdpTests
{
    [Fact]
    public async Task Retransmissions_of_requests_whose_objects_were_reused_get_their_own_responses()
    {
        var handler = new TestRequestHandler { KeepsRequests = false };
        await using var h = await StackHarness.StartAsync(handler: handler);
        using var peer = new UdpPeer();
        var texts = Enumerable.Range(0, 3)
            .Select(i => SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: $"reuse-{i}@peer", fromTag: $"f{i}", headers: ["Event: presence"]))
            .ToArray();

        var answers = new List<PresenceAgent.Sip.Messages.SipResponse>();
        foreach (var text in texts)
        {
            answers.Add(await peer.RequestAsync(text, h.Udp));
        }

        Assert.Single(handler.Calls.Distinct());
        for (var i = texts.Length - 1; i >= 0; i--)
        {
            var again = await peer.RequestAsync(texts[i], h.Udp);
            Assert.Equal(200, again.StatusCode);
            Assert.Equal($"reuse-{i}@peer", again.CallId);
            Assert.Equal(answers[i].ToTag, again.ToTag);
        }

        Assert.Equal(3, handler.Calls.Count);
        Assert.Equal(3, answers.Select(a => a.ToTag).Distinct().Count());
    }

    [Fact]
    public async Task A_merged_copy_of_a_request_whose_objects_were_reused_gets_482()
    {
        var handled = new List<string?>();
        var handler = new TestRequestHandler
        {
            KeepsRequests = false,
            Behavior = r =>
            {
                handled.Add(r.Request.CallId);
                return r.RespondAsync(r.CreateResponse(200));
            },
        };
        await using var h = await StackHarness.StartAsync(handler: handler);
        using var peer = new UdpPeer();

        var first = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: "merge@peer", headers: ["Event: presence"]), h.Udp);
        var other = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: "other@peer", headers: ["Event: presence"]), h.Udp);
        var merged = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: "merge@peer", headers: ["Event: presence"]), h.Udp);

        Assert.Equal([200, 200, 482], [first.StatusCode, other.StatusCode, merged.StatusCode]);
        Assert.Equal(["merge@peer", "other@peer"], handled);
        Assert.Single(handler.Calls.Distinct());
    }
}
