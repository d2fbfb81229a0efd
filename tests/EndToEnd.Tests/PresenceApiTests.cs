using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PresenceAgent.Directory;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Presence.Live;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// The manual override and presence API over a real socket: set, show, clear, every refusal with the field named, and
/// the precedence of overrides against an automatic source. Each test uses its own contact (a gateway alias of the
/// "people" rule where it can), so they share one agent.
/// </summary>
public sealed class PresenceApiTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    [Fact]
    public async Task An_override_is_set_shown_and_cleared()
    {
        using var http = ApiClients.Loopback(Agent);
        var path = ApiClients.PresencePath("meet.alice");

        var set = await http.PutJsonAsync(path, """{"status":"DoNotDisturb","note":"Board meeting – Zürich","until":"2099-01-01T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var shown = await (await http.GetAsync(path)).JsonAsync();
        Assert.Equal("meet.alice", shown.GetProperty("contact").GetString());
        Assert.Equal("Alice's <Room> & Co", shown.GetProperty("name").GetString());
        var state = shown.GetProperty("state");
        Assert.Equal(("DoNotDisturb", "DoNotDisturb", 9500, "Board meeting – Zürich"),
            (state.GetProperty("id").GetString(), state.GetProperty("base").GetString(), state.GetProperty("availability").GetInt32(), state.GetProperty("note").GetString()));
        Assert.Equal("Manual", shown.GetProperty("source").GetString());
        var manual = shown.GetProperty("override");
        Assert.Equal(("DoNotDisturb", true, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            (manual.GetProperty("status").GetString(), manual.GetProperty("sticky").GetBoolean(), manual.GetProperty("until").GetDateTimeOffset()));
        Assert.Equal((await set.JsonAsync()).GetProperty("since").GetDateTimeOffset(), shown.GetProperty("since").GetDateTimeOffset());

        var cleared = await http.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        var after = await (await http.GetAsync(path)).JsonAsync();
        Assert.Equal(("Available", "Default", JsonValueKind.Null),
            (after.GetProperty("state").GetProperty("id").GetString(), after.GetProperty("source").GetString(), after.GetProperty("override").ValueKind));
        var history = after.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([("Available", "DoNotDisturb", "Manual"), ("DoNotDisturb", "Available", "Default")],
            history.Select(t => (t.GetProperty("from").GetString(), t.GetProperty("to").GetString(), t.GetProperty("source").GetString())));
        Assert.Equal("override set over the API by 127.0.0.1", history[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(path)).StatusCode);

        var set7300 = Assert.Single(Agent.Logs.Entries, e => e.Id.Id == 7300 && e.Message.Contains("meet.alice", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, set7300.Level);
        Assert.Contains("set by 127.0.0.1: DoNotDisturb (sticky: True) until 2099-01-01T00:00:00.0000000+00:00; note: Board meeting ? Z?rich", set7300.Message, StringComparison.Ordinal);
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "PresenceOverrideCleared" && e.Message.Contains("meet.alice cleared by 127.0.0.1 (there was one: True)", StringComparison.Ordinal));
        Agent.AssertNoErrors();
    }

    [Theory]
    [InlineData("room1", "room1")]
    [InlineData("room1@vc.example.com", "room1")]
    [InlineData("sip:room1@vc.test", "room1")]
    [InlineData("sip:TOWNHALL@VC.TEST", "townhall@vc.test")]
    [InlineData("+4420712345678@vc.example.com", "+4420712345678@vc.example.com")]
    public async Task An_alias_is_read_as_a_subscribe_to_it_would_be(string alias, string contact)
    {
        using var http = ApiClients.Loopback(Agent);

        var shown = await (await http.GetAsync(ApiClients.PresencePath(alias))).JsonAsync();

        Assert.Equal(contact, shown.GetProperty("contact").GetString());
    }

    [Theory]
    [InlineData("nobody", "sip:nobody@vc.test names no service and matches no routing rule.")]
    [InlineData("room1@elsewhere.example", "sip:room1@elsewhere.example: elsewhere.example is not a domain of Sip:Domains.")]
    [InlineData("rooms@vc.test", "sip:rooms@vc.test is a list; set the presence of its members.")]
    public async Task An_alias_that_names_no_contact_is_not_found_by_every_method(string alias, string detail)
    {
        using var http = ApiClients.Loopback(Agent);
        var path = ApiClients.PresencePath(alias);

        foreach (var response in new[] { await http.GetAsync(path), await http.PutJsonAsync(path, """{"status":"Busy"}"""), await http.DeleteAsync(path) })
        {
            Assert.Equal(detail, (await response.ProblemAsync(404)).GetProperty("detail").GetString());
        }

        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "ApiRequestRefused" && e.Level == LogLevel.Debug && e.Message.Contains("answered 404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task What_is_no_alias_is_refused_naming_the_alias() =>
        Assert.StartsWith("not an alias", Assert.Single(await (await ApiClients.Loopback(Agent).GetAsync("api/services/a%20b/presence")).FieldErrorsAsync("alias")),
            StringComparison.Ordinal);

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { """{"status":"Bussy"}""", "status", "'Bussy' is no status; one of Available, Busy, InAMeeting, town-hall-live, DoNotDisturb, Full, Locked, BeRightBack, Away, closed-for-maintenance, Offline, Invisible." },
        { """{"status":""}""", "status", "'' is no status; one of " },
        { """{"note":"x"}""", "status", "required." },
        { """{"status":null}""", "status", "may not be null." },
        { """{"status":3}""", "status", "must be a string." },
        { """{"status":"Away","until":"2001-01-01T00:00:00Z"}""", "until", "2001-01-01T00:00:00.0000000+00:00 has passed; give a time in the future, or leave until out." },
        { """{"status":"Away","until":"next week"}""", "until", "must be a date and time in ISO 8601 with its offset" },
        { """{"status":"Away","note":"line\nbreak"}""", "note", "character 5 is a control character (U+000A); a note is one line of text." },
        { "{\"status\":\"Away\",\"note\":\"" + new string('n', 257) + "\"}", "note", "257 characters; at most 256." },
        { """{"status":"Away","untill":"2099-01-01T00:00:00Z"}""", "untill", "no such property; the properties are status, note, until." },
        { """{"status":"Away","status":"Busy"}""", "status", "given more than once." },
        { """{"status":"Away""", "$", "not valid JSON at line 1, byte 16." },
        { "", "$", "empty; send a JSON object." },
        { """["Away"]""", "$", "must be a JSON object." },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_refused_naming_the_field_and_changes_nothing(string body, string field, string message)
    {
        using var http = ApiClients.Loopback(Agent);
        var path = ApiClients.PresencePath("bad.body@people.vc.test");

        var response = await http.PutJsonAsync(path, body);

        Assert.StartsWith(message, Assert.Single(await response.FieldErrorsAsync(field)), StringComparison.Ordinal);
        var shown = await (await http.GetAsync(path)).JsonAsync();
        Assert.Equal(("Available", 0), (shown.GetProperty("state").GetProperty("id").GetString(), shown.GetProperty("history").GetArrayLength()));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_unsupported()
    {
        using var http = ApiClients.Loopback(Agent);

        var response = await http.PutAsync(ApiClients.PresencePath("not.json@people.vc.test"), new StringContent("status=Away", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal("Send the body as JSON, with Content-Type: application/json.", (await response.ProblemAsync(415)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_refused_unread(bool announced)
    {
        using var http = ApiClients.Loopback(Agent);
        var body = Encoding.UTF8.GetBytes("{\"status\":\"Away\",\"note\":\"" + new string('n', 70_000) + "\"}");
        HttpContent content = announced ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, ApiClients.PresencePath("too.large@people.vc.test")) { Content = content };
        if (!announced)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        var response = await http.SendAsync(request);

        Assert.Equal("The body is larger than the 65536 bytes the API reads (Http:ApiMaxBodyBytes).", (await response.ProblemAsync(413)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Paths_and_methods_the_api_has_not_are_problems_too()
    {
        using var http = ApiClients.Loopback(Agent);

        var unknown = await http.GetAsync("api/nothing-here");
        var method = await http.PostAsync(ApiClients.PresencePath("room1"), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Contains("/openapi/v1.json", (await unknown.ProblemAsync(404)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await method.ProblemAsync(405);
        Assert.Equal(["DELETE", "GET", "PUT"], method.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Overrides_take_precedence_as_in_dynamics_365()
    {
        using var http = ApiClients.Loopback(Agent);
        const string Alias = "ann.lee@people.vc.test";
        var path = ApiClients.PresencePath(Alias);
        var contact = Agent.App.Services.GetRequiredService<RunningConfiguration>().Current.Contacts.Resolve(SipUri.Parse("sip:" + Alias))!;
        var live = Agent.App.Services.GetRequiredService<LivePresence>();
        var states = Agent.App.Services.GetRequiredService<RunningConfiguration>().Current.States;
        // What the occupancy source reports (its endpoints come with their own branch): a state, or null for an empty room.
        void Occupancy(string? id, string reason) =>
            live.Report(contact, PresenceSource.Occupancy, id is null ? null : states.TryResolve(id, out var s) ? s : throw new ArgumentException(id), null, reason);

        async Task<(string State, string Source, bool? Sticky)> ShownAsync()
        {
            var shown = await (await http.GetAsync(path)).JsonAsync();
            var manual = shown.GetProperty("override");
            return (shown.GetProperty("state").GetProperty("id").GetString()!, shown.GetProperty("source").GetString()!,
                manual.ValueKind == JsonValueKind.Null ? null : manual.GetProperty("sticky").GetBoolean());
        }

        // A manual Busy holds until the next automatic change, which recomputes.
        await http.PutJsonAsync(path, """{"status":"Busy"}""");
        Assert.Equal(("Busy", "Manual", false), await ShownAsync());
        Occupancy("InAMeeting", "2 participants");
        Assert.Equal(("InAMeeting", "Occupancy", null), await ShownAsync());

        // A manual DoNotDisturb outlasts automatic changes.
        await http.PutJsonAsync(path, """{"status":"DoNotDisturb","note":"Exams"}""");
        Occupancy("Full", "at capacity");
        Occupancy(null, "empty");
        Assert.Equal(("DoNotDisturb", "Manual", true), await ShownAsync());

        // Setting Available replaces it, and holds until the next automatic change.
        await http.PutJsonAsync(path, """{"status":"Available"}""");
        Assert.Equal(("Available", "Manual", false), await ShownAsync());
        Occupancy("InAMeeting", "1 participant");
        Assert.Equal(("InAMeeting", "Occupancy", null), await ShownAsync());

        // Invisible shows Offline while the room keeps working, until it is cleared.
        await http.PutJsonAsync(path, """{"status":"Invisible"}""");
        Occupancy("Full", "at capacity");
        Assert.Equal(("Offline", "Manual", true), await ShownAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(path)).StatusCode);
        Assert.Equal(("Full", "Occupancy", null), await ShownAsync());

        var history = (await (await http.GetAsync(path)).JsonAsync()).GetProperty("history").EnumerateArray()
            .Select(t => $"{t.GetProperty("to").GetString()}/{t.GetProperty("source").GetString()}");
        Assert.Equal(["Busy/Manual", "InAMeeting/Occupancy", "DoNotDisturb/Manual", "Available/Manual", "InAMeeting/Occupancy", "Offline/Manual", "Full/Occupancy"], history);
        Agent.AssertNoErrors();
    }
}
