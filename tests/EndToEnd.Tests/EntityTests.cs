using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// How an alias's spelling shows in its NOTIFY, and what it costs the agent: the entity is the URI the watcher
/// addressed in canonical form (RFC 3261 §19.1.4), and spellings of one alias share the agent's cached document.
/// </summary>
public sealed class EntityTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    [Theory]
    [InlineData("sip:townhall@vc.test", "sip:townhall@vc.test")]
    [InlineData("sip:TownHall@VC.Test", "sip:TownHall@vc.test")]
    [InlineData("sip:town%68all@vc.TEST", "sip:townhall@vc.test")]
    [InlineData("SIP:+4420712345678@VC.example.com", "sip:+4420712345678@vc.example.com")]
    public async Task The_entity_is_the_uri_as_addressed_with_scheme_host_and_escapes_canonical_and_user_case_kept(string uri, string entity)
    {
        await using var peer = await Agent.PeerAsync(tcp: true);
        Assert.Equal(entity, await FetchAsync(peer, uri));
    }

    [Fact]
    public async Task Spellings_of_one_alias_leave_the_agents_document_cache_as_it_was()
    {
        await using var peer = await Agent.PeerAsync(tcp: true);
        await FetchAsync(peer, "sip:room1@vc.test");
        var bodies = Agent.App.Services.GetRequiredService<PresenceBodies>();
        var cached = bodies.CachedCount;

        // Each letter of "room" in either case, with the host in either case: 32 spellings of one alias.
        foreach (var n in Enumerable.Range(0, 32))
        {
            var user = string.Concat("room".Select((c, i) => ((n >> i) & 1) == 0 ? c : char.ToUpperInvariant(c)));
            var host = n >= 16 ? "VC.TEST" : "vc.test";
            Assert.Equal($"sip:{user}1@vc.test", await FetchAsync(peer, $"sip:{user}1@{host}"));
        }

        Assert.Equal(cached, bodies.CachedCount);
        Agent.AssertNoErrors();
    }

    /// <summary>A fetch (Expires: 0) of <paramref name="uri"/>; the entity of the PIDF document its NOTIFY carries.</summary>
    private static async Task<string> FetchAsync(SipTestPeer peer, string uri)
    {
        await peer.SendAsync(SipScript.Subscribe(peer, uri, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 0));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("terminated;reason=timeout", notify.Headers.GetFirst(HeaderKind.SubscriptionState));
        return PidfBody.Parse(notify).Root!.Attribute("entity")!.Value;
    }
}
