using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>One agent with small limits, configured by its keys, for the tests of this class.</summary>
public sealed class LimitedAgentFixture : IAsyncLifetime
{
    private AgentUnderTest? _agent;

    internal AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
    {
        ["Subscriptions:MaxPerSource"] = "3",
        ["Subscriptions:MaxPerWatcher"] = "2",
        ["Subscriptions:FetchBurstPerSource"] = "3",
        ["Subscriptions:FetchRatePerSource"] = "1",
        ["Subscriptions:MaxBytesPerSubscription"] = "2048",
    });

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }
}

/// <summary>
/// The subscription limits of the real agent against hostile traffic on real sockets. Each test is a source of its
/// own (a loopback address of its own, or ::1), so the tests of the class do not share a count.
/// </summary>
public sealed class SubscriptionLimitTests(LimitedAgentFixture fixture) : IClassFixture<LimitedAgentFixture>
{
    private static readonly string Room = "sip:townhall@" + AgentUnderTest.Domain;

    private AgentUnderTest Agent => fixture.Agent;

    private Task<SipTestPeer> PeerAsync(string local) =>
        Agent.PeerAsync(tcp: true, ipv6: local.Contains(':', StringComparison.Ordinal), local: IPAddress.Parse(local));

    /// <summary>Sends <paramref name="requests"/> and returns the responses in order, passing over the NOTIFYs between them.</summary>
    private static async Task<List<SipResponse>> ExchangeAsync(SipTestPeer peer, params string[] requests)
    {
        await peer.SendAsync(string.Concat(requests));
        var responses = new List<SipResponse>();
        while (responses.Count < requests.Length)
        {
            if (await peer.ReceiveAsync() is SipResponse response)
            {
                responses.Add(response);
            }
        }

        return responses;
    }

    private static string Subscribe(SipTestPeer peer, string watcher, int? expires = 600, string extraHeaders = "", string body = "") =>
        SipScript.Subscribe(peer, Room, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: expires, from: $"sip:{watcher}@e2e.test",
            extraHeaders: extraHeaders, body: body);

    private List<(LogLevel Level, string Message)> Refusals(string naming) =>
        [.. Agent.Logs.Entries.Where(e => e.Id.Name == "SubscribeRefusedByLimit" && e.Message.Contains(naming, StringComparison.Ordinal))
            .Select(e => (e.Level, e.Message))];

    [Fact]
    public async Task A_source_past_Subscriptions_MaxPerSource_gets_503_with_retry_after_and_the_log_names_the_key()
    {
        await using var peer = await PeerAsync("127.0.0.61");

        var responses = await ExchangeAsync(peer, [.. Enumerable.Range(0, 6).Select(i => Subscribe(peer, $"source-{i}"))]);

        Assert.Equal([200, 200, 200, 503, 503, 503], responses.Select(r => r.StatusCode));
        Assert.Equal("60", responses[3].Headers.GetFirst(HeaderKind.RetryAfter));
        var (level, message) = Assert.Single(Refusals("127.0.0.61"));
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("Subscriptions:MaxPerSource (3)", message, StringComparison.Ordinal);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_watcher_past_Subscriptions_MaxPerWatcher_gets_503_across_ipv4_and_ipv6_sources()
    {
        await using var v4 = await PeerAsync("127.0.0.62");
        await using var v6 = await PeerAsync("::1");
        await using var other = await PeerAsync("127.0.0.63");

        Assert.Equal(200, Assert.Single(await ExchangeAsync(v4, Subscribe(v4, "carol"))).StatusCode);
        Assert.Equal(200, Assert.Single(await ExchangeAsync(v6, Subscribe(v6, "carol"))).StatusCode);
        var refused = Assert.Single(await ExchangeAsync(other, Subscribe(other, "carol")));

        Assert.Equal(503, refused.StatusCode);
        Assert.NotNull(refused.Headers.GetFirst(HeaderKind.RetryAfter));
        Assert.Contains("Subscriptions:MaxPerWatcher (2)", Assert.Single(Refusals("carol@e2e.test")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetch_flood_past_the_bucket_gets_503_with_retry_after()
    {
        await using var peer = await PeerAsync("127.0.0.64");

        var responses = await ExchangeAsync(peer, [.. Enumerable.Range(0, 12).Select(i => Subscribe(peer, $"fetch-{i}", expires: 0))]);

        Assert.All(responses.Take(3), r => Assert.Equal(200, r.StatusCode));
        var refused = responses.Where(r => r.StatusCode == 503).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(int.Parse(r.Headers.GetFirst(HeaderKind.RetryAfter)!, CultureInfo.InvariantCulture) >= 1));
        Assert.Contains("Subscriptions:FetchRatePerSource", Assert.Single(Refusals("127.0.0.64")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_past_Subscriptions_MaxBytesPerSubscription_gets_413()
    {
        await using var peer = await PeerAsync("127.0.0.65");
        var resources = string.Concat(Enumerable.Range(0, 100).Select(i => $"<resource uri=\"sip:+44207123{i:D4}@vc.example.com\"/>"));
        var body = "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\" uri=\"sip:bob@vc.test\" name=\"\">" +
            $"<action name=\"subscribe\" id=\"63792024\"><adhocList>{resources}</adhocList></action></batchSub>";

        var refused = Assert.Single(await ExchangeAsync(peer, Subscribe(peer, "bob", body: body,
            extraHeaders: "Require: adhoclist, categoryList\r\nSupported: eventlist\r\nContent-Type: application/msrtc-adrl-categorylist+xml\r\n")));

        Assert.Equal(413, refused.StatusCode);
        Assert.Contains("Subscriptions:MaxBytesPerSubscription", refused.ReasonPhrase, StringComparison.Ordinal);
        Agent.AssertNoErrors();
    }
}
