using PresenceAgent.Directory;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>The entity a subscription keeps, from SUBSCRIBEs on the wire: canonical, and one string per alias as addressed.</summary>
public sealed class SubscribeEntityTests
{
    [Fact]
    public async Task Subscriptions_keep_the_canonical_entity_and_equivalent_spellings_share_one_string()
    {
        await using var agent = await LoopbackAgent.StartAsync([new ServiceOptions { Name = "Town Hall", Aliases = ["townhall@vc.test"] }], ["vc.test"]);
        await using var watcher = await agent.ConnectAsync();
        string[] spellings = ["sip:townhall@vc.test", "sip:town%68all@VC.test", "sip:TownHall@vc.test", "sip:TownHall@vc.TEST"];

        // One at a time, so the pool meets them in this order.
        foreach (var (uri, i) in spellings.Select((uri, i) => (uri, i)))
        {
            Assert.Equal(200, Assert.Single(await watcher.ExchangeAsync([SubscribeRequests.Text(callId: $"entity-{i}@watcher", uri: uri)])));
        }

        var entities = spellings.Select((_, i) => agent.Subscriptions.Snapshot().Single(s => s.Dialog.CallId == $"entity-{i}@watcher").Entity).ToList();
        Assert.Equal(["sip:townhall@vc.test", "sip:townhall@vc.test", "sip:TownHall@vc.test", "sip:TownHall@vc.test"], entities);
        Assert.Same(entities[0], entities[1]);

        // A case variant keeps its own string rather than growing the pool by one per spelling.
        Assert.NotSame(entities[2], entities[3]);
    }
}
