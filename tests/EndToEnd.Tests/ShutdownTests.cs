using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// Stopping, as a watcher sees it: <c>deactivated</c> tells it to subscribe again at once (RFC 6665 §4.1.3), so the
/// agent must already be refusing new subscriptions, with a time to come back, rather than admit one it then drops.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task While_stopping_a_new_subscribe_gets_503_with_retry_after()
    {
        var agent = await AgentUnderTest.StartAsync();
        await using var peer = await agent.PeerAsync(tcp: true);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:townhall@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        await peer.ReceiveStateNotifyAsync();

        // The final NOTIFY stays unanswered for now, so the agent is still draining (and listening) when we re-subscribe.
        peer.NotifyAnswer = _ => null;
        var stopping = agent.DisposeAsync().AsTask();
        var final = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("terminated;reason=deactivated", final.Headers.GetFirst(HeaderKind.SubscriptionState));

        await peer.SendAsync(SipScript.Subscribe(peer, "sip:townhall@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1));
        var refused = await peer.ReceiveResponseAsync();

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("10", refused.Headers.GetFirst(HeaderKind.RetryAfter));
        await peer.SendAsync(SipScript.ResponseTo(final, 200));
        await stopping;
        Assert.Contains(agent.Logs.Entries, e => e.Id.Name == "RefusingWhileStopping");
        agent.AssertNoErrors();
    }
}
