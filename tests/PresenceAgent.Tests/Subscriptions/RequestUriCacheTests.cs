using System.Text;
using PresenceAgent.Directory;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>SUBSCRIBEs to one presentity resolved once per configuration, by the Request-URI's bytes.</summary>
public sealed class RequestUriCacheTests
{
    private static readonly ServiceOptions RoomA = new() { Name = "Room A", Aliases = ["room@vc.test"] };

    private static ContactSubscription Subscription(LoopbackAgent agent, string callId) =>
        (ContactSubscription)agent.Subscriptions.Snapshot().Single(s => s.Dialog.CallId == callId);

    [Fact]
    public async Task A_repeated_presentity_is_resolved_once_and_a_reload_resolves_it_anew()
    {
        await using var agent = await LoopbackAgent.StartAsync([RoomA], ["vc.test"]);
        await using var watcher = await agent.ConnectAsync();
        var before = agent.Running.Current;

        Assert.Equal(200, Assert.Single(await watcher.ExchangeAsync([SubscribeRequests.Text(callId: "a-1@watcher", uri: "sip:room@vc.test")])));
        Assert.Equal(200, Assert.Single(await watcher.ExchangeAsync([SubscribeRequests.Text(callId: "a-2@watcher", uri: "sip:room@vc.test")])));
        Assert.Equal(404, Assert.Single(await watcher.ExchangeAsync([SubscribeRequests.Text(callId: "none@watcher", uri: "sip:nobody@vc.test")])));

        Assert.Equal(1, before.RequestUris.Count);
        Assert.Same(Subscription(agent, "a-1@watcher").Contact, Subscription(agent, "a-2@watcher").Contact);
        Assert.Same(Subscription(agent, "a-1@watcher").Entity, Subscription(agent, "a-2@watcher").Entity);
        Assert.Equal("sip:room@vc.test", Subscription(agent, "a-2@watcher").Entity);

        agent.Reload([new ServiceOptions { Name = "Room B", Aliases = ["room@vc.test"] }]);
        Assert.Equal(200, Assert.Single(await watcher.ExchangeAsync([SubscribeRequests.Text(callId: "b-1@watcher", uri: "sip:room@vc.test")])));

        Assert.Equal("Room B", Subscription(agent, "b-1@watcher").Contact.DisplayName);
        Assert.Equal(1, agent.Running.Current.RequestUris.Count);
    }

    [Fact]
    public void The_cache_is_bounded_and_keeps_neither_gateway_contacts_nor_over_long_uris()
    {
        var cache = new RequestUriCache();
        var service = new Contact { Kind = ContactKind.Vmr, Key = "room@vc.test", DisplayName = "Room", Since = DateTimeOffset.UnixEpoch };
        var gateway = new Contact { Kind = ContactKind.Gateway, Key = "alice@vc.test", DisplayName = "alice", Since = DateTimeOffset.UnixEpoch };

        cache.Add("sip:alice@vc.test"u8, new ResolvedUri(null, gateway, "sip:alice@vc.test", 12));
        cache.Add(Encoding.UTF8.GetBytes("sip:" + new string('r', RequestUriCache.MaxLength) + "@vc.test"), new ResolvedUri(null, service, "x", 1));
        for (var i = 0; i < RequestUriCache.MaxEntries + 10; i++)
        {
            cache.Add(Encoding.UTF8.GetBytes($"sip:room{i}@vc.test"), new ResolvedUri(null, service, "sip:room@vc.test", 11));
        }

        Assert.Equal(RequestUriCache.MaxEntries, cache.Count);
        Assert.False(cache.TryGet("sip:alice@vc.test"u8, out _));
        Assert.True(cache.TryGet("sip:room0@vc.test"u8, out var found));
        Assert.Same(service, found.Contact);
        Assert.False(cache.TryGet(Encoding.UTF8.GetBytes($"sip:room{RequestUriCache.MaxEntries}@vc.test"), out _));
    }
}
