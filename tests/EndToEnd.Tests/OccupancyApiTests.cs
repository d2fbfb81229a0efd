using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Presence.Live;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// <c>PUT /api/services/{alias}/occupancy</c> over real HTTP: aliases resolve as a SUBSCRIBE's do, the document is read
/// as every /api body is (the meeting's texts checked field by field), and the answer says what the service holds and shows.
/// </summary>
public sealed class OccupancyApiTests
{
    private const string Token = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0gH2jK4lZ8=";

    private static Task<AgentUnderTest> StartAsync(params (string Key, string? Value)[] settings)
    {
        var extra = new Dictionary<string, string?> { ["Http:AvatarSelfCheck"] = "false", ["Services:2:Capacity"] = "10" };
        foreach (var (key, value) in settings)
        {
            extra[key] = value;
        }

        return AgentUnderTest.StartAsync(extra);
    }

    private static string Path(string alias) => $"api/services/{Uri.EscapeDataString(alias)}/occupancy";

    [Fact]
    public async Task Occupancy_set_through_the_api_answers_with_what_the_service_holds_and_shows()
    {
        await using var agent = await StartAsync();
        using var http = ApiClients.Loopback(agent);

        var busy = await (await http.PutJsonAsync(Path("room1"), """{"participants": 4, "locked": false}""")).JsonAsync();
        Assert.Equal(("room1", 4, false, "InAMeeting", "InAMeeting", "Occupancy"), (busy.GetProperty("contact").GetString(),
            busy.GetProperty("participants").GetInt32(), busy.GetProperty("locked").GetBoolean(), busy.GetProperty("occupancy").GetString(),
            busy.GetProperty("state").GetString(), busy.GetProperty("source").GetString()));

        var full = await (await http.PutJsonAsync(Path("room1@vc.test"), """{"participants": 10}""")).JsonAsync();
        Assert.Equal("Full", full.GetProperty("occupancy").GetString());

        var locked = await (await http.PutJsonAsync(Path("sip:room1@vc.example.com"), """{"participants": 2, "locked": true}""")).JsonAsync();
        Assert.Equal("Locked", locked.GetProperty("state").GetString());

        var empty = await (await http.PutJsonAsync(Path("ROOM1"), """{"participants": 0, "locked": false}""")).JsonAsync();
        Assert.Equal(("Available", "Available", "Default"), (empty.GetProperty("occupancy").GetString(), empty.GetProperty("state").GetString(),
            empty.GetProperty("source").GetString()));
        Assert.Equal(4, agent.Logs.Entries.Count(e => e.Id.Name == "OccupancySet"));
        agent.AssertNoErrors();
    }

    [Theory]
    [InlineData("nosuchroom", "names no service and matches no routing rule")]
    [InlineData("room1@elsewhere.example", "is not a domain of Sip:Domains")]
    [InlineData("+4420712345678@vc.example.com", "is a gateway contact; occupancy is kept for services only")]
    public async Task An_alias_that_is_no_service_gets_404_saying_why(string alias, string detail)
    {
        await using var agent = await StartAsync();
        using var http = ApiClients.Loopback(agent);

        var problem = await (await http.PutJsonAsync(Path(alias), """{"participants": 1}""")).ProblemAsync(404);

        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(agent.Logs.Entries, e => e.Id.Name == "ApiRequestRefused");
    }

    [Theory]
    [InlineData("""{"participants": -1}""", "participants")]
    [InlineData("""{"participants": 1000001}""", "participants")]
    [InlineData("""{"participants": 1.5}""", "participants")]
    [InlineData("""{"participants": "3"}""", "participants")]
    [InlineData("""{"locked": true}""", "participants")]
    [InlineData("""{"participants": 2, "locked": "yes"}""", "locked")]
    [InlineData("""{"participants": 2, "lockd": true}""", "lockd")]
    [InlineData("not json", "$")]
    [InlineData("""{"participants": 2, "meeting": "Review"}""", "meeting")]
    [InlineData("""{"participants": 2, "meeting": {"subject": 5}}""", "meeting")]
    [InlineData("""{"participants": 2, "meeting": {"subject": "Review", "topic": "x"}}""", "meeting")]
    [InlineData("""{"participants": 2, "meeting": {"subject": "Line\nbreak"}}""", "meeting.subject")]
    [InlineData("""{"participants": 2, "meeting": {"location": "Bell\u0007"}}""", "meeting.location")]
    public async Task A_document_that_is_not_an_occupancy_gets_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        await using var agent = await StartAsync();
        using var http = ApiClients.Loopback(agent);

        Assert.NotEmpty(await (await http.PutJsonAsync(Path("room1"), json)).FieldErrorsAsync(field));
        Assert.Equal(0, agent.App.Services.GetRequiredService<LivePresence>().Count);
    }

    [Fact]
    public async Task An_oversized_meeting_subject_is_refused_naming_it_and_changes_nothing()
    {
        await using var agent = await StartAsync();
        using var http = ApiClients.Loopback(agent);

        var errors = await (await http.PutJsonAsync(Path("room1"), $$$"""{"participants": 2, "meeting": {"subject": "{{{new string('x', 257)}}}"}}"""))
            .FieldErrorsAsync("meeting.subject");

        Assert.Equal(["257 characters; at most 256."], errors);
        Assert.Equal(0, agent.App.Services.GetRequiredService<LivePresence>().Count);
    }

    [Fact]
    public async Task It_takes_the_api_credentials_and_the_event_sinks_do_not_open_it()
    {
        await using var agent = await StartAsync(("Http:ApiToken", Token), ("Http:ApiLoopbackTrusted", "false"),
            ("EventSink:Username", "pexip"), ("EventSink:Password", "sink password"));
        using var http = ApiClients.Loopback(agent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PutJsonAsync(Path("room1"), """{"participants": 1}""")).StatusCode);
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(ApiClients.Basic("pexip", "sink password"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PutJsonAsync(Path("room1"), """{"participants": 1}""")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await http.PutJsonAsync(Path("room1"), """{"participants": 1}""")).StatusCode);
    }

    [Fact]
    public async Task It_is_in_the_api_document()
    {
        await using var agent = await StartAsync();
        using var http = ApiClients.Loopback(agent);

        var document = await (await http.GetAsync("openapi/v1.json")).JsonAsync();

        var put = document.GetProperty("paths").GetProperty("/api/services/{alias}/occupancy").GetProperty("put");
        Assert.Equal("#/components/schemas/OccupancyRequest",
            put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal(["participants"], document.GetProperty("components").GetProperty("schemas").GetProperty("OccupancyRequest")
            .GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }
}
