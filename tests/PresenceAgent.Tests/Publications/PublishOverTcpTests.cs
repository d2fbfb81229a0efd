using System.Net;
using PresenceAgent.Presence.Live;
using PresenceAgent.Publications;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Publications;

/// <summary>
/// PUBLISH on a real TCP socket, answer by answer (RFC 3903 §6): the publisher is 127.0.0.1, and every other loopback
/// address is a stranger.
/// </summary>
public sealed class PublishOverTcpTests
{
    private static readonly IPAddress Stranger = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Publish_refresh_modify_and_remove_each_get_200_with_a_new_tag_and_change_what_is_shown()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var publisher = await agent.ConnectAsync();

        var published = await OneAsync(publisher, PublishRequests.Text(body: PublishRequests.Pidf(activities: "busy", note: "Recording")));
        var tag = ETagOf(published);
        Assert.Equal(("600", "Busy", "Recording"), (published.Headers.GetFirst(HeaderKind.Expires), agent.Shown("room1").State.Id, agent.Shown("room1").Note));

        var refreshed = await OneAsync(publisher, PublishRequests.Text(ifMatch: tag, expires: 1200));
        Assert.NotEqual(tag, ETagOf(refreshed));
        Assert.Equal("1200", refreshed.Headers.GetFirst(HeaderKind.Expires));

        var modified = await OneAsync(publisher, PublishRequests.Text(body: PublishRequests.Pidf(activities: "meeting"), ifMatch: ETagOf(refreshed)));
        Assert.Equal(("InAMeeting", (string?)null), (agent.Shown("room1").State.Id, agent.Shown("room1").Note));

        var removed = await OneAsync(publisher, PublishRequests.Text(ifMatch: ETagOf(modified), expires: 0));
        Assert.Equal("0", removed.Headers.GetFirst(HeaderKind.Expires));
        Assert.NotEqual(ETagOf(modified), ETagOf(removed));
        Assert.Equal(("Offline", PresenceSource.Grace), (agent.Shown("room1").State.Id, agent.Shown("room1").Source));
        Assert.Equal(0, agent.Store.Count);

        // The tags of earlier 2xx name nothing now: a retry of any of them is told to start again.
        foreach (var old in new[] { tag, ETagOf(refreshed), ETagOf(modified), ETagOf(removed) })
        {
            Assert.Equal(412, (await OneAsync(publisher, PublishRequests.Text(ifMatch: old))).StatusCode);
        }
    }

    [Fact]
    public async Task A_stranger_gets_403_whatever_it_sends_and_learns_nothing_of_the_aliases()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var stranger = await agent.ConnectAsync(Stranger);

        var answers = await stranger.ExchangeResponsesAsync(
        [
            PublishRequests.Text(body: PublishRequests.Pidf()),
            PublishRequests.Text(alias: "no.such.room", body: PublishRequests.Pidf()),
            PublishRequests.Text(body: PublishRequests.Pidf(), eventHeader: "dialog"),
            PublishRequests.Text(ifMatch: "0123456789abcdef0123456789abcdef"),
        ]);

        Assert.All(answers, a => Assert.Equal((403, "Forbidden (not a publisher here)"), (a.StatusCode, a.ReasonPhrase)));
        Assert.Equal(0, agent.Store.Count);
        var logged = Assert.Single(agent.Logs.Entries, e => e.EventId.Name == "PublishForbidden");
        Assert.Contains("127.0.0.2", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_entity_tag_gets_412_and_so_does_another_aliases_tag()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var publisher = await agent.ConnectAsync();
        var townhall = ETagOf(await OneAsync(publisher, PublishRequests.Text(alias: "townhall", body: PublishRequests.Pidf(entity: "sip:townhall@vc.test"))));

        var answers = await publisher.ExchangeResponsesAsync(
        [
            PublishRequests.Text(ifMatch: "0123456789abcdef0123456789abcdef"),
            PublishRequests.Text(ifMatch: townhall),
            PublishRequests.Text(body: PublishRequests.Pidf(activities: "away"), ifMatch: townhall),
            PublishRequests.Text(ifMatch: townhall, expires: 0),
        ]);

        Assert.All(answers, a => Assert.Equal((412, "Conditional Request Failed (unknown or expired entity-tag)"), (a.StatusCode, a.ReasonPhrase)));
        Assert.Equal("Available", agent.Shown("room1").State.Id);
        Assert.Equal(1, agent.Store.Count);
    }

    [Fact]
    public async Task A_too_brief_interval_gets_423_with_min_expires_and_a_long_one_is_shortened()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync(new PublicationOptions { MinExpires = 60, MaxExpires = 1800, DefaultExpires = 900 });
        await using var publisher = await agent.ConnectAsync();

        var answers = await publisher.ExchangeResponsesAsync(
        [
            PublishRequests.Text(body: PublishRequests.Pidf(), expires: 59),
            PublishRequests.Text(body: PublishRequests.Pidf(), expires: 7200),
            PublishRequests.Text(body: PublishRequests.Pidf(), expires: null),
        ]);

        Assert.Equal((423, "60"), (answers[0].StatusCode, answers[0].Headers.GetFirst(HeaderKind.MinExpires)));
        Assert.Equal((200, "1800"), (answers[1].StatusCode, answers[1].Headers.GetFirst(HeaderKind.Expires)));
        Assert.Equal((200, "900"), (answers[2].StatusCode, answers[2].Headers.GetFirst(HeaderKind.Expires)));
    }

    [Theory]
    [InlineData("dialog")]
    [InlineData("presence.winfo")]
    [InlineData("")]
    public async Task Another_event_package_gets_489_with_allow_events(string eventHeader)
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var publisher = await agent.ConnectAsync();

        var answer = await OneAsync(publisher, PublishRequests.Text(body: PublishRequests.Pidf(), eventHeader: eventHeader));

        Assert.Equal((489, "presence"), (answer.StatusCode, answer.Headers.GetFirst(HeaderKind.AllowEvents)));
    }

    [Theory]
    [InlineData("application/xpidf+xml")]
    [InlineData("application/msrtc-category-publish+xml")]
    [InlineData("text/plain")]
    public async Task A_body_that_is_not_pidf_gets_415_with_accept(string contentType)
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var publisher = await agent.ConnectAsync();

        var answer = await OneAsync(publisher, PublishRequests.Text(body: PublishRequests.Pidf(), contentType: contentType));

        Assert.Equal((415, "application/pidf+xml"), (answer.StatusCode, answer.Headers.GetFirst(HeaderKind.Accept)));
    }

    [Fact]
    public async Task A_pidf_content_type_with_parameters_is_pidf()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var publisher = await agent.ConnectAsync();

        var answer = await OneAsync(publisher, PublishRequests.Text(body: PublishRequests.Pidf(basic: "closed"), contentType: "Application/PIDF+XML; charset=UTF-8"));

        Assert.Equal((200, "Offline"), (answer.StatusCode, agent.Shown("room1").State.Id));
    }

    [Fact]
    public async Task Bad_requests_get_400_with_the_reason_and_change_nothing()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var publisher = await agent.ConnectAsync();

        var answers = await publisher.ExchangeResponsesAsync(
        [
            PublishRequests.Text(),
            PublishRequests.Text(body: PublishRequests.Pidf(), expires: 0),
            PublishRequests.Text(body: "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"><tuple>"),
            PublishRequests.Text(body: PublishRequests.Pidf(basic: "half-open")),
            PublishRequests.Text(body: "<!DOCTYPE presence [<!ENTITY x \"y\">]><presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>"),
        ]);

        Assert.Equal(
            [
                "Bad Request (neither a body nor SIP-If-Match)",
                "Bad Request (Expires: 0 removes the publication SIP-If-Match names)",
                "Bad Request (PIDF is malformed XML (line 1))",
                "Bad Request (basic is neither open nor closed)",
                "Bad Request (PIDF is malformed XML)",
            ],
            answers.Select(a => a.ReasonPhrase));
        Assert.All(answers, a => Assert.Equal(400, a.StatusCode));
        Assert.Equal(0, agent.Store.Count);
    }

    [Fact]
    public async Task An_unknown_alias_gets_404_and_a_gateway_alias_403()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var publisher = await agent.ConnectAsync();

        var answers = await publisher.ExchangeResponsesAsync(
        [
            PublishRequests.Text(alias: "no.such.room", body: PublishRequests.Pidf()),
            PublishRequests.Text(alias: "+4420712345678", body: PublishRequests.Pidf()),
        ]);

        Assert.Equal([404, 403], answers.Select(a => a.StatusCode));
        Assert.Equal("Forbidden (a gateway alias takes no publications)", answers[1].ReasonPhrase);
    }

    [Fact]
    public async Task A_body_past_the_cap_gets_413_before_it_is_read()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync(new PublicationOptions { MaxBodyBytes = 1024 });
        await using var publisher = await agent.ConnectAsync();

        var answer = await OneAsync(publisher, PublishRequests.Text(body: PublishRequests.Pidf(note: new string('x', 1024))));

        Assert.Equal((413, "Request Entity Too Large (Publications:MaxBodyBytes reached)"), (answer.StatusCode, answer.ReasonPhrase));
        Assert.Null(answer.Headers.GetFirst(HeaderKind.RetryAfter));
    }

    [Fact]
    public async Task Either_alias_of_a_service_reaches_its_publications()
    {
        await using var agent = await PublishLoopbackAgent.StartAsync();
        await using var publisher = await agent.ConnectAsync();
        var tag = ETagOf(await OneAsync(publisher, PublishRequests.Text(alias: "room1@vc.test", body: PublishRequests.Pidf(activities: "busy"))));

        Assert.Equal(200, (await OneAsync(publisher, PublishRequests.Text(alias: "ROOM1@vc.test", ifMatch: tag))).StatusCode);
        Assert.Equal("Busy", agent.Shown("room1").State.Id);
    }

    private static async Task<SipResponse> OneAsync(SipTcpWatcher peer, string request) => Assert.Single(await peer.ExchangeResponsesAsync([request]));

    private static string ETagOf(SipResponse ok)
    {
        Assert.Equal(200, ok.StatusCode);
        return ok.Headers.GetFirst(PublishReplies.SipETag) ?? throw new InvalidOperationException("a 2xx without SIP-ETag");
    }
}
