using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Directory;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// The limits against hostile traffic on a real TCP socket: each source is its own loopback address (127.0.0.0/8 is
/// all loopback), so a test is a source nothing else shares. Each bound holds at its configured value, the refusal
/// says when to come back, and the log names the key to raise, once however long the flood.
/// </summary>
public sealed class SubscribeLimitsOverTcpTests
{
    private const string Room = "sip:townhall@vc.test";

    private static Task<LoopbackAgent> StartAsync(SubscriptionOptions options) =>
        LoopbackAgent.StartAsync([new ServiceOptions { Name = "Town Hall", Aliases = ["townhall@vc.test"] }], ["vc.test"], options);

    private static string Subscribe(string id, string watcher = "w", string expires = "600", string body = "", params string[] extraHeaders) =>
        SubscribeRequests.Text(callId: $"{id}@limits", uri: Room, from: $"<sip:{watcher}@example.org>;tag={id}", body: body,
            extraHeaders: [$"Expires: {expires}", .. extraHeaders]);

    private static IEnumerable<CollectedLog> Refusals(LoopbackAgent agent) =>
        agent.Logs.Entries.Where(e => e.EventId.Name == "SubscribeRefusedByLimit");

    [Fact]
    public async Task A_source_past_its_limit_gets_503_with_retry_after_and_one_warning_naming_the_key()
    {
        await using var agent = await StartAsync(new SubscriptionOptions { MaxPerSource = 3 });
        await using var source = await agent.ConnectAsync(IPAddress.Parse("127.0.0.21"));

        var responses = await source.ExchangeResponsesAsync([.. Enumerable.Range(0, 10).Select(i => Subscribe($"s{i}", watcher: $"w{i}"))]);

        Assert.Equal([200, 200, 200, 503, 503, 503, 503, 503, 503, 503], responses.Select(r => r.StatusCode));
        Assert.Equal("60", responses[3].Headers.GetFirst(HeaderKind.RetryAfter));
        Assert.Contains("Subscriptions:MaxPerSource", responses[3].ReasonPhrase, StringComparison.Ordinal);
        var warning = Assert.Single(Refusals(agent));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Subscriptions:MaxPerSource (3)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.21", warning.Message, StringComparison.Ordinal);
        Assert.Equal(3, agent.Subscriptions.Count);

        await using var other = await agent.ConnectAsync(IPAddress.Parse("127.0.0.22"));
        Assert.Equal(200, Assert.Single(await other.ExchangeAsync([Subscribe("other", watcher: "x")])));
    }

    [Fact]
    public async Task A_watcher_past_its_limit_gets_503_whichever_source_it_comes_from()
    {
        await using var agent = await StartAsync(new SubscriptionOptions { MaxPerWatcher = 2 });
        await using var first = await agent.ConnectAsync(IPAddress.Parse("127.0.0.31"));
        await using var second = await agent.ConnectAsync(IPAddress.Parse("127.0.0.32"));
        await using var third = await agent.ConnectAsync(IPAddress.Parse("127.0.0.33"));

        Assert.Equal(200, Assert.Single(await first.ExchangeAsync([Subscribe("a1", watcher: "alice")])));
        Assert.Equal(200, Assert.Single(await second.ExchangeAsync([Subscribe("a2", watcher: "Alice")])));
        var refused = Assert.Single(await third.ExchangeResponsesAsync([Subscribe("a3", watcher: "ALICE")]));

        Assert.Equal(503, refused.StatusCode);
        Assert.NotNull(refused.Headers.GetFirst(HeaderKind.RetryAfter));
        Assert.Contains("Subscriptions:MaxPerWatcher (2)", Assert.Single(Refusals(agent)).Message, StringComparison.Ordinal);
        Assert.Equal(200, Assert.Single(await third.ExchangeAsync([Subscribe("b1", watcher: "bob")])));
    }

    [Fact]
    public async Task A_fetch_flood_past_the_bucket_gets_503_and_other_sources_still_fetch()
    {
        await using var agent = await StartAsync(new SubscriptionOptions { FetchBurstPerSource = 5, FetchRatePerSource = 1 });
        await using var flood = await agent.ConnectAsync(IPAddress.Parse("127.0.0.41"));

        var responses = await flood.ExchangeResponsesAsync([.. Enumerable.Range(0, 30).Select(i => Subscribe($"f{i}", expires: "0"))]);

        Assert.All(responses.Take(5), r => Assert.Equal(200, r.StatusCode));
        var refused = responses.Where(r => r.StatusCode == 503).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(int.Parse(r.Headers.GetFirst(HeaderKind.RetryAfter)!, CultureInfo.InvariantCulture) >= 1));
        Assert.Contains("Subscriptions:FetchRatePerSource", Assert.Single(Refusals(agent)).Message, StringComparison.Ordinal);
        Assert.Equal(0, agent.Subscriptions.Count);

        await using var other = await agent.ConnectAsync(IPAddress.Parse("127.0.0.42"));
        Assert.Equal(200, Assert.Single(await other.ExchangeAsync([Subscribe("g", expires: "0")])));
    }

    [Fact]
    public async Task A_batch_that_would_keep_more_than_the_budget_gets_413_and_padded_headers_513()
    {
        await using var agent = await StartAsync(new SubscriptionOptions { MaxBytesPerSubscription = 2048 });
        await using var watcher = await agent.ConnectAsync(IPAddress.Parse("127.0.0.51"));
        string[] batch = ["Require: adhoclist, categoryList", "Supported: eventlist", "Content-Type: application/msrtc-adrl-categorylist+xml"];

        var small = await watcher.ExchangeResponsesAsync([Subscribe("small", body: Batch(2), extraHeaders: batch)]);
        var large = await watcher.ExchangeResponsesAsync([Subscribe("large", body: Batch(100), extraHeaders: batch)]);
        var padded = await watcher.ExchangeResponsesAsync([Subscribe("padded", watcher: new string('p', 2100))]);

        Assert.Equal(200, Assert.Single(small).StatusCode);
        Assert.Equal(413, Assert.Single(large).StatusCode);
        Assert.Contains("Subscriptions:MaxBytesPerSubscription", large[0].ReasonPhrase, StringComparison.Ordinal);
        Assert.Equal(513, Assert.Single(padded).StatusCode);
        Assert.Null(padded[0].Headers.GetFirst(HeaderKind.RetryAfter));
        Assert.Equal(1, agent.Subscriptions.Count);
    }

    /// <summary>A Lync batch of <paramref name="count"/> gateway-style resources, about 30 bytes each.</summary>
    private static string Batch(int count) =>
        "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\" uri=\"sip:w@example.org\" name=\"\">" +
        "<action name=\"subscribe\" id=\"1\"><adhocList>" +
        string.Concat(Enumerable.Range(0, count).Select(i => $"<resource uri=\"sip:+44207123{i:D4}@vc.test\"/>")) +
        "</adhocList></action></batchSub>";
}
