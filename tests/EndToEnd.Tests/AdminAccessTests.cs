using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// The admin endpoints over real HTTP, by how the HTTP side is bound and whether Http:AdminToken is set; and health,
/// which any client may read, says nothing of the dial plan.
/// </summary>
public sealed class AdminAccessTests
{
    private const string Token = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0gH2jK4lZ8=";

    private static Task<AgentUnderTest> StartAsync(string urls, string? token = null) => AgentUnderTest.StartAsync(new Dictionary<string, string?>
    {
        ["Http:Urls"] = urls,
        ["Http:AdminToken"] = token,
        ["Http:AvatarSelfCheck"] = "false",
    });

    /// <summary>A client of the HTTP side over loopback, whatever address it is bound to.</summary>
    private static HttpClient Client(AgentUnderTest agent, string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpBase.Port}/") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [Fact]
    public async Task Bound_beyond_loopback_without_a_token_admin_is_absent_and_start_warns()
    {
        await using var agent = await StartAsync("http://0.0.0.0:0");
        using var http = Client(agent);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("admin/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        var warning = Assert.Single(agent.Logs.Entries, e => e.Id.Name == "AdminDisabled");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Http:AdminToken", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bound_beyond_loopback_with_a_token_admin_needs_it_from_a_loopback_client_too()
    {
        await using var agent = await StartAsync("http://0.0.0.0:0", Token);
        using var none = Client(agent);
        using var wrong = Client(agent, Token[..^2] + "x=");
        using var right = Client(agent, Token);

        var refused = await none.GetAsync("admin/rules");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("admin/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("admin/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("admin/memory")).StatusCode);
        Assert.DoesNotContain(agent.Logs.Entries, e => e.Id.Name == "AdminDisabled");
    }

    [Fact]
    public async Task Bound_to_loopback_with_a_token_the_token_is_still_required()
    {
        // A reverse proxy on the same host makes every client look local: a configured token is never waived.
        await using var agent = await StartAsync("http://127.0.0.1:0", Token);
        using var none = Client(agent);
        using var right = Client(agent, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("admin/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("admin/rules/explain?alias=room1@vc.test")).StatusCode);
    }

    [Fact]
    public async Task Bound_to_loopback_without_a_token_loopback_clients_use_admin_as_before()
    {
        await using var agent = await StartAsync("http://127.0.0.1:0");
        using var http = Client(agent);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("admin/rules")).StatusCode);
    }

    [Fact]
    public async Task Health_shows_only_the_status_and_counts()
    {
        await using var agent = await StartAsync("http://0.0.0.0:0", Token);
        using var http = Client(agent);

        using var health = JsonDocument.Parse(await http.GetStringAsync("healthz"));

        var properties = health.RootElement.EnumerateObject().ToList();
        Assert.Equal(["status", "subscriptions", "notifiesInFlight", "lastReload"], properties.Select(p => p.Name));
        Assert.Equal("ok", properties[0].Value.GetString());
        Assert.All(properties.Skip(1).Take(2), p => Assert.Equal(JsonValueKind.Number, p.Value.ValueKind));
        Assert.Equal(JsonValueKind.Null, properties[3].Value.ValueKind);
        agent.AssertNoErrors();
    }
}
