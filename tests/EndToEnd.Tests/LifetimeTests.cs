using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>How subscriptions end without the watcher asking: expiry, and the agent stopping.</summary>
public sealed class LifetimeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unrefreshed_subscription_expires_with_terminated_timeout(bool tcp)
    {
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Subscriptions:MinExpires"] = "1",
            ["Subscriptions:DefaultExpires"] = "1",
        });
        await using var peer = await agent.PeerAsync(tcp);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 2));
        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal("2", ok.Headers.GetFirst(HeaderKind.Expires));
        Assert.StartsWith("active", (await peer.ReceiveStateNotifyAsync()).Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);

        var last = await peer.ReceiveStateNotifyAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("terminated;reason=timeout", last.Headers.GetFirst(HeaderKind.SubscriptionState));
        Assert.Equal("Room 1", PidfBody.DisplayName(PidfBody.Parse(last)));
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task Stopping_the_agent_sends_every_watcher_terminated_deactivated()
    {
        var agent = await AgentUnderTest.StartAsync();
        await using var udp = await agent.PeerAsync(false);
        await using var tcp = await agent.PeerAsync(true);
        foreach (var peer in new[] { udp, tcp })
        {
            await peer.SendAsync(SipScript.Subscribe(peer, "sip:townhall@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1));
            Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
            await peer.ReceiveStateNotifyAsync();
        }

        var stopping = agent.DisposeAsync().AsTask();
        foreach (var peer in new[] { udp, tcp })
        {
            var final = await peer.ReceiveStateNotifyAsync();
            Assert.Equal("terminated;reason=deactivated", final.Headers.GetFirst(HeaderKind.SubscriptionState));
        }

        await stopping;
        agent.AssertNoErrors();
    }
}
