using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Presence.Live;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// <c>PUT /api/services/{alias}/occupancy</c> over real HTTP: aliases resolve as a SUBSCRIBE's do, the document is
/// checked field by field, and the answer says what the service holds and shows.
/// </summary>
public sealed class OccupancyApiTests
{
    private const string Token = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0gH2jK4lZ8=";

    private static Task<AgentUnderTest> StartAsync(string? token = null) => AgentUnderTest.StartAsync(new Dictionary<string, string?>
    {
        ["Http:AvatarSelfCheck"] = "false",
        ["Http:AdminToken"] = token,
        ["Services:2:Capacity"] = "10",
    });

    private static HttpClient Client(AgentUnderTest agent) => new() { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpBase.Port}/") };

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string alias, string json) =>
        http.PutAsync($"api/services/{alias}/occupancy", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Occupancy_set_through_the_api_answers_with_what_the_service_holds_and_shows()
    {
        await using var agent = await StartAsync();
        using var http = Client(agent);

        var busy = await JsonAsync(await PutAsync(http, "room1", """{"participants": 4, "locked": false}"""), HttpStatusCode.OK);
        Assert.Equal(("room1", 4, false, "InAMeeting", "InAMeeting", "Occupancy"), (busy.GetProperty("service").GetString(),
            busy.GetProperty("participants").GetInt32(), busy.GetProperty("locked").GetBoolean(), busy.GetProperty("state").GetString(),
            busy.GetProperty("shown").GetString(), busy.GetProperty("decidedBy").GetString()));

        var full = await JsonAsync(await PutAsync(http, "room1@vc.test", """{"participants": 10}"""), HttpStatusCode.OK);
        Assert.Equal("Full", full.GetProperty("state").GetString());

        var locked = await JsonAsync(await PutAsync(http, "sip:room1@vc.example.com", """{"participants": 2, "locked": true}"""), HttpStatusCode.OK);
        Assert.Equal("Locked", locked.GetProperty("shown").GetString());

        var empty = await JsonAsync(await PutAsync(http, "ROOM1", """{"participants": 0, "locked": false}"""), HttpStatusCode.OK);
        Assert.Equal(("Available", "Default"), (empty.GetProperty("shown").GetString(), empty.GetProperty("decidedBy").GetString()));
        Assert.Equal(4, agent.Logs.Entries.Count(e => e.Id.Name == "OccupancySet"));
        agent.AssertNoErrors();
    }

    [Theory]
    [InlineData("nosuchroom", "names no service")]
    [InlineData("room1@elsewhere.example", "names no service")]
    [InlineData("+4420712345678@vc.example.com", "is a gateway contact")]
    public async Task An_alias_that_is_no_service_gets_404_naming_it(string alias, string detail)
    {
        await using var agent = await StartAsync();
        using var http = Client(agent);

        var problem = await JsonAsync(await PutAsync(http, alias, """{"participants": 1}"""), HttpStatusCode.NotFound);

        Assert.Equal("alias", problem.GetProperty("field").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(agent.Logs.Entries, e => e.Id.Name == "OccupancyRequestRefused");
    }

    [Theory]
    [InlineData("""{"participants": -1}""", "participants")]
    [InlineData("""{"participants": 1.5}""", "participants")]
    [InlineData("""{"participants": 2, "locked": "yes"}""", "locked")]
    [InlineData("""{"participant": 2}""", "participant")]
    [InlineData("not json", "(body)")]
    public async Task A_document_that_is_not_an_occupancy_gets_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        await using var agent = await StartAsync();
        using var http = Client(agent);

        var response = await PutAsync(http, "room1", json);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await JsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal(0, agent.App.Services.GetRequiredService<LivePresence>().Count);
    }

    [Fact]
    public async Task A_document_over_a_kilobyte_gets_413()
    {
        await using var agent = await StartAsync();
        using var http = Client(agent);

        var response = await PutAsync(http, "room1", """{"participants": 1}""" + new string(' ', 2000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Guarded_as_the_admin_endpoints_are()
    {
        await using var agent = await StartAsync(Token);
        using var http = Client(agent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PutAsync(http, "room1", """{"participants": 1}""")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        var answer = await http.PutAsJsonAsync("api/services/room1/occupancy", new { participants = 1, locked = false });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
