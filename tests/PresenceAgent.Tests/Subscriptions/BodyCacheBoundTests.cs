using System.Text;
using Microsoft.Extensions.Logging;
using PresenceAgent.Directory;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>Runs alone, so the managed heap it measures holds nothing of other tests.</summary>
[CollectionDefinition(nameof(MeasuresTheHeap), DisableParallelization = true)]
public sealed class MeasuresTheHeap;

/// <summary>
/// The presence-body cache against a watcher that addresses one alias in ever new spellings (letter case, escapes,
/// host case), through the SUBSCRIBE handler behind a real stack: the cache, and the heap, stay as they were.
/// </summary>
[Collection(nameof(MeasuresTheHeap))]
public sealed class BodyCacheBoundTests
{
    private const int Spellings = 100_000;
    private const int Batch = 200;
    private const string User = "townhall";

    /// <summary>
    /// A third of what 100,000 cached documents take here (about 90 MB: each is most of a kilobyte), and several times
    /// what the stack's and runtime's pools add over such a run (about 8 MB).
    /// </summary>
    private const long HeapGrowthLimit = 32 << 20;

    [Fact]
    public async Task Fetches_at_100000_spellings_of_one_alias_leave_the_cache_and_the_heap_flat()
    {
        Assert.Equal(Spellings, Enumerable.Range(0, Spellings).Select(n => Spelling(n).Uri).Distinct(StringComparer.Ordinal).Count());
        // One source fetching as fast as it can: the fetch rate limit would refuse most of it; this test is about the cache.
        await using var agent = await LoopbackAgent.StartAsync([new ServiceOptions { Name = "Town Hall", Aliases = ["townhall@vc.test"] }], ["vc.test"],
            new SubscriptionOptions { FetchBurstPerSource = 1_000_000, FetchRatePerSource = 100_000 });
        await using var watcher = await agent.ConnectAsync();

        // The alias as configured, once, so its cache slot and the connection's buffers exist before the heap is measured.
        Assert.Equal(200, Assert.Single(await watcher.ExchangeAsync([Fetch("sip:townhall@vc.test", "warm-up")])));
        await NotifiedAsync(agent, 1);
        Assert.Equal(1, agent.Bodies.CachedCount);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        for (var first = 0; first < Spellings; first += Batch)
        {
            var codes = await watcher.ExchangeAsync([.. Enumerable.Range(first, Batch).Select(n => Fetch(Spelling(n).Uri, $"n{n}"))]);
            Assert.All(codes, code => Assert.Equal(200, code));
        }

        await NotifiedAsync(agent, Spellings + 1);
        Assert.Equal(1, agent.Bodies.CachedCount);
        var growth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Assert.True(growth < HeapGrowthLimit, $"the heap grew by {growth:N0} bytes over {Spellings:N0} spellings");

        // Each NOTIFY still names the alias as its watcher wrote it, in canonical form: user-part case kept.
        var (uri, entity) = Spelling(Spellings - 1);
        Assert.Equal(200, Assert.Single(await watcher.ExchangeAsync([Fetch(uri, "last")])));
        await NotifiedAsync(agent, Spellings + 2);
        var notify = agent.Notifies.Last!;
        Assert.Equal(entity, (string?)SafeXml.Parse(notify.Body.ToArray()).Root!.Attribute("entity"));
        Assert.DoesNotContain(agent.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    /// <summary>
    /// Spelling <paramref name="n"/> of <c>sip:townhall@vc.test</c>: each letter of the user part lower, upper, or
    /// escaped either way (two bits of n apiece), the host in either case (the next bit); and the entity it should get.
    /// </summary>
    private static (string Uri, string Entity) Spelling(int n)
    {
        var uri = new StringBuilder("sip:");
        var entity = new StringBuilder("sip:");
        for (var i = 0; i < User.Length; i++)
        {
            var c = User[i];
            var upper = char.ToUpperInvariant(c);
            uri.Append(((n >> (2 * i)) & 3) switch
            {
                0 => $"{c}",
                1 => $"{upper}",
                2 => $"%{(int)c:x2}",
                _ => $"%{(int)upper:X2}",
            });
            entity.Append(((n >> (2 * i)) & 1) == 0 ? c : upper);
        }

        uri.Append(((n >> (2 * User.Length)) & 1) == 0 ? "@vc.test" : "@VC.Test");
        entity.Append("@vc.test");
        return (uri.ToString(), entity.ToString());
    }

    private static string Fetch(string uri, string id) =>
        SubscribeRequests.Text(callId: $"flood-{id}@watcher", uri: uri, extraHeaders: "Expires: 0");

    /// <summary>The NOTIFY follows the 200, so the last may still be on its way when the watcher has every response.</summary>
    private static async Task NotifiedAsync(LoopbackAgent agent, int count)
    {
        using var timeout = new CancellationTokenSource(HangGuard.Timeout);
        while (agent.Notifies.Count < count)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal(count, agent.Notifies.Count);
    }
}
