using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.Directory;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy.EventSink;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// <c>POST /api/eventsink</c> over real HTTP, as Pexip Infinity's conferencing nodes use it: who is let in, what is
/// refused and how (problem details naming the field, a log line, nothing applied), and a full queue.
/// </summary>
public sealed class EventSinkTests
{
    private const string User = "pexip-sink";
    private const string Password = "correct horse battery staple";

    private static Task<AgentUnderTest> StartAsync(params (string Key, string Value)[] settings)
    {
        var extra = new Dictionary<string, string?> { ["Http:AvatarSelfCheck"] = "false", ["Services:2:Capacity"] = "2" };
        foreach (var (key, value) in settings)
        {
            extra[key] = value;
        }

        return AgentUnderTest.StartAsync(extra);
    }

    private static (LivePresence Live, Contact Room) Room(AgentUnderTest agent) =>
        (agent.App.Services.GetRequiredService<LivePresence>(), agent.App.Services.GetRequiredService<RunningConfiguration>().Current.Contacts.Resolve(SipUri.Parse($"sip:room1@{AgentUnderTest.Domain}"))!);

    private static EventSinkSnapshot Counters(AgentUnderTest agent) => agent.App.Services.GetRequiredService<EventSinkCounters>().Snapshot();

    private static Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status) => response.ProblemAsync((int)status);

    [Fact]
    public async Task Without_credentials_configured_a_node_on_loopback_is_let_in_and_its_events_make_the_room_busy()
    {
        await using var agent = await StartAsync();
        using var node = new EventSinkNode(agent, "10.0.0.1");
        var (live, room) = Room(agent);

        Assert.Equal(HttpStatusCode.Accepted, (await node.StartedAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await node.ConferenceAsync("conference_started", "Room 1")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await node.ParticipantAsync("participant_connected", "Room 1", "u1", "room1@vc.test")).StatusCode);

        await Eventually.TrueAsync(() => live.Current(room).State.Id == "InAMeeting", "room1 in a meeting");
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task With_credentials_configured_only_a_node_that_sends_them_is_let_in()
    {
        await using var agent = await StartAsync(("EventSink:Username", User), ("EventSink:Password", Password));
        using var anonymous = new EventSinkNode(agent, "10.0.0.1");
        using var wrong = new EventSinkNode(agent, "10.0.0.1", User, "wrong");
        using var right = new EventSinkNode(agent, "10.0.0.1", User, Password);

        var refused = await anonymous.StartedAsync();
        var problem = await ProblemAsync(refused, HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(refused.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Contains("realm=", challenge.Parameter, StringComparison.Ordinal);
        Assert.StartsWith("no credentials", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.StartedAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await right.StartedAsync()).StatusCode);

        // One line for the address, the second refusal counted into the next.
        var logged = Assert.Single(agent.Logs.Entries, e => e.Id.Name == "EventSinkUnauthorized");
        Assert.Contains("127.0.0.1", logged.Message, StringComparison.Ordinal);
        Assert.Equal(2, Counters(agent).Rejected);
        await Eventually.TrueAsync(() => Counters(agent).Applied["eventsink_started"] == 1, "the authenticated event applied");
        agent.AssertNoErrors();
    }

    [Theory]
    [InlineData("{\"node\": \"10.0.0.1\", \"seq\": 1,", "$", "not JSON")]
    [InlineData("""{"node": "10.0.0.1", "seq": 1, "version": 1, "time": 1.5, "event": "conference_exploded", "data": {}}""", "event", "'conference_exploded' is not an event")]
    [InlineData("""{"node": "10.0.0.1", "seq": 1, "version": 1, "time": 1.5, "event": "participant_connected", "data": {"conference": "Room 1"}}""", "data.uuid", "missing")]
    [InlineData("""{"node": "10.0.0.1", "seq": "one", "version": 1, "time": 1.5, "event": "eventsink_started", "data": {}}""", "seq", "must be an integer")]
    public async Task A_body_that_is_not_an_event_gets_400_naming_the_field_a_log_line_and_changes_nothing(string body, string field, string detail)
    {
        await using var agent = await StartAsync();
        using var node = new EventSinkNode(agent, "10.0.0.1");

        var errors = await (await node.PostAsync(body)).FieldErrorsAsync(field);

        Assert.Contains(detail, Assert.Single(errors), StringComparison.Ordinal);
        var logged = Assert.Single(agent.Logs.Entries, e => e.Id.Name == "EventSinkEventRefused");
        Assert.Contains(field, logged.Message, StringComparison.Ordinal);
        Assert.Equal(1, Counters(agent).Rejected);
        Assert.All(Counters(agent).Applied.Values, n => Assert.Equal(0, n));
        Assert.Equal(0, agent.App.Services.GetRequiredService<LivePresence>().Count);
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_body_over_MaxBodyBytes_gets_413_whether_its_length_is_declared_or_not()
    {
        await using var agent = await StartAsync(("EventSink:MaxBodyBytes", "1024"));
        using var node = new EventSinkNode(agent, "10.0.0.1");
        var padded = """{"node": "10.0.0.1", "seq": 1, "version": 1, "time": 1.5, "event": "eventsink_started", "data": {}""" + new string(' ', 2000) + "}";

        var declared = await ProblemAsync(await node.PostAsync(padded), HttpStatusCode.RequestEntityTooLarge);
        var chunked = await ProblemAsync(await node.PostAsync(new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(padded)))), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("EventSink:MaxBodyBytes (1024 bytes)", declared.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("EventSink:MaxBodyBytes", chunked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await node.StartedAsync()).StatusCode);
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_Retry_After_and_takes_the_event_sent_again()
    {
        await using var agent = await StartAsync(("EventSink:QueueCapacity", "1"));
        using var node = new EventSinkNode(agent, "10.0.0.1");
        var (live, room) = Room(agent);

        // The worker tells live presence of each change on its own thread: holding it there holds the queue.
        using var held = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim(false);
        live.Changed += (_, _) =>
        {
            held.Release();
            release.Wait(TimeSpan.FromSeconds(30));
        };
        try
        {
            // One event queued at a time, each applied before the next is sent.
            Assert.Equal(HttpStatusCode.Accepted, (await node.StartedAsync()).StatusCode);
            await Eventually.TrueAsync(() => Counters(agent).Applied["eventsink_started"] == 1, "eventsink_started applied");
            Assert.Equal(HttpStatusCode.Accepted, (await node.ConferenceAsync("conference_started", "Room 1")).StatusCode);
            await Eventually.TrueAsync(() => Counters(agent).Applied["conference_started"] == 1, "conference_started applied");
            Assert.Equal(HttpStatusCode.Accepted, (await node.ParticipantAsync("participant_connected", "Room 1", "u1", "room1")).StatusCode);
            Assert.True(await held.WaitAsync(TimeSpan.FromSeconds(10)), "the worker did not apply the participant");

            Assert.Equal(HttpStatusCode.Accepted, (await node.ParticipantAsync("participant_connected", "Room 1", "u2", "room1")).StatusCode);
            var full = await node.ParticipantAsync("participant_connected", "Room 1", "u3", "room1");
            await ProblemAsync(full, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(1), full.Headers.RetryAfter?.Delta);
            Assert.Equal(1, Counters(agent).QueueFull);
            Assert.Single(agent.Logs.Entries, e => e.Id.Name == "EventSinkQueueFull");
        }
        finally
        {
            release.Set();
        }

        // The platform sends it again after Retry-After; by then the queue has room.
        await Eventually.TrueAsync(() => Counters(agent).Applied["participant_connected"] == 2, "u2 applied");
        var again = """{"uuid": "u3", "conference": "Room 1", "destination_alias": "room1"}""";
        Assert.Equal(HttpStatusCode.Accepted, (await node.ResendAsync("participant_connected", again)).StatusCode);
        await Eventually.TrueAsync(() => live.Current(room).State.Id == "Full", "room1 full with three participants");
        Assert.Equal(0, Counters(agent).Duplicates);
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task Without_credentials_a_caller_beyond_loopback_is_refused_with_403_and_start_warns()
    {
        await using var agent = await StartAsync(("Http:Urls", "http://0.0.0.0:0"));
        var warning = Assert.Single(agent.Logs.Entries, e => e.Id.Name == "EventSinkLoopbackOnly");
        Assert.Contains("EventSink:Username", warning.Message, StringComparison.Ordinal);

        // Loopback is still let in; a caller from another address of this host is not.
        using var node = new EventSinkNode(agent, "10.0.0.1");
        Assert.Equal(HttpStatusCode.Accepted, (await node.StartedAsync()).StatusCode);
        if (OtherLocalAddress() is { } other)
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://{other}:{agent.HttpBase.Port}/") };
            var refused = await http.PostAsync("api/eventsink", new StringContent("{}", Encoding.UTF8, "application/json"));
            await ProblemAsync(refused, HttpStatusCode.Forbidden);
            Assert.Single(agent.Logs.Entries, e => e.Id.Name == "EventSinkForbidden");
        }
    }

    [Fact]
    public async Task Its_credentials_let_a_node_beyond_loopback_post_events_and_nothing_else()
    {
        await using var agent = await StartAsync(("Http:Urls", "http://0.0.0.0:0"), ("EventSink:Username", User), ("EventSink:Password", Password));
        Assert.DoesNotContain(agent.Logs.Entries, e => e.Id.Name == "EventSinkLoopbackOnly");
        if (OtherLocalAddress() is not { } other)
        {
            return;
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://{other}:{agent.HttpBase.Port}/") };
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(ApiClients.Basic(User, Password));
        var started = """{"node": "10.0.0.1", "seq": 1, "version": 1, "time": 1.5, "event": "eventsink_started", "data": {}}""";

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("api/eventsink", new StringContent(started, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PutJsonAsync("api/services/room1/occupancy", """{"participants": 1}""")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.GetAsync("api/eventsink")).StatusCode);
        agent.AssertNoErrors();
    }

    /// <summary>An address of this host that is not loopback, if it has one.</summary>
    private static IPAddress? OtherLocalAddress() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    [Fact]
    public async Task The_basic_challenge_names_the_realm_and_charset()
    {
        await using var agent = await StartAsync(("EventSink:Username", User), ("EventSink:Password", Password));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpBase.Port}/") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/eventsink") { Content = new StringContent("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Password);

        var refused = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Basic realm=\"PresenceAgent event sink\", charset=\"UTF-8\"", refused.Headers.WwwAuthenticate.ToString());
    }
}
