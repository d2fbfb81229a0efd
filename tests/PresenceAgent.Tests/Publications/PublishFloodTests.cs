using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Publications;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Publications;

/// <summary>
/// A PUBLISH flood on a real TCP socket: a stranger's is answered 403 before its body is looked at, with one log line
/// however long it goes on; a publisher's meets the bounds, 503 with Retry-After, and one warning naming the key.
/// </summary>
public sealed class PublishFloodTests
{
    private const int Flood = 2_000;

    [Fact]
    public async Task A_strangers_flood_gets_403_unread_and_one_log_line()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var stranger = await agent.ConnectAsync(IPAddress.Parse("127.0.0.3"));

        // Malformed bodies, unknown aliases and foreign events: a 400, 404 or 489 would show they were read.
        var answers = await stranger.ExchangeAsync([.. Enumerable.Range(0, Flood).Select(i => (i % 3) switch
        {
            0 => PublishRequests.Text(body: "<presence><not-closed>"),
            1 => PublishRequests.Text(alias: $"room{i}", body: PublishRequests.Pidf()),
            _ => PublishRequests.Text(body: PublishRequests.Pidf(), eventHeader: "dialog"),
        })]);

        Assert.All(answers, status => Assert.Equal(403, status));
        Assert.Equal(0, agent.Store.Count);
        Assert.Single(agent.Logs.Entries, e => e.EventId.Name == "PublishForbidden");
        Assert.DoesNotContain(agent.Logs.Entries, e => e.EventId.Name == "PublishOutcome");
    }

    [Fact]
    public async Task A_publishers_flood_meets_the_bounds_with_503_retry_after_and_one_warning()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync(new PublicationOptions { MaxPerSource = 20, MaxPerAlias = 10_000 });
        await using var publisher = await agent.ConnectAsync();

        var answers = await publisher.ExchangeResponsesAsync([.. Enumerable.Range(0, Flood).Select(i => PublishRequests.Text(body: PublishRequests.Pidf()))]);

        Assert.Equal(20, answers.Count(a => a.StatusCode == 200));
        Assert.All(answers.Skip(20), a => Assert.Equal((503, "60"), (a.StatusCode, a.Headers.GetFirst(HeaderKind.RetryAfter))));
        Assert.Equal("Service Unavailable (Publications:MaxPerSource reached)", answers[^1].ReasonPhrase);
        Assert.Equal(20, agent.Store.Count);
        var warning = Assert.Single(agent.Logs.Entries, e => e.EventId.Name == "PublishRefusedByLimit");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Publications:MaxPerSource (20)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refreshes_and_modifies_at_the_bound_still_pass()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync(new PublicationOptions { MaxPublications = 1 });
        await using var publisher = await agent.ConnectAsync();
        var ok = Assert.Single(await publisher.ExchangeResponsesAsync([PublishRequests.Text(body: PublishRequests.Pidf())]));
        var tag = ok.Headers.GetFirst(PublishReplies.SipETag);

        var answers = await publisher.ExchangeResponsesAsync(
        [
            PublishRequests.Text(alias: "townhall", body: PublishRequests.Pidf()),
            PublishRequests.Text(body: PublishRequests.Pidf(activities: "busy"), ifMatch: tag),
        ]);

        Assert.Equal([503, 200], answers.Select(a => a.StatusCode));
        Assert.Equal("Busy", agent.Shown("room1").State.Id);
    }
}
