using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// Who may use /api, over real sockets. A client beyond loopback is a client of a Unix socket the agent also listens on:
/// it has no IP address, so it is not on loopback, and nothing leaves this machine.
/// </summary>
public sealed class PresenceApiAccessTests : IDisposable
{
    private const string Token = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0gH2jK4lZ8=";

    private readonly UnixSocketPath _socket = new();

    public void Dispose() => _socket.Dispose();

    private Task<AgentUnderTest> StartAsync(string? token, bool loopbackTrusted = true) => AgentUnderTest.StartAsync(new Dictionary<string, string?>
    {
        ["Http:Urls"] = $"http://127.0.0.1:0;http://unix:{_socket.Path}",
        ["Http:ApiToken"] = token,
        ["Http:ApiLoopbackTrusted"] = loopbackTrusted ? "true" : "false",
        ["Http:AvatarSelfCheck"] = "false",
    });

    private const string Path1 = "api/services/room1/presence";

    [Fact]
    public async Task A_client_beyond_loopback_needs_the_token_as_bearer_or_basic_password()
    {
        await using var agent = await StartAsync(Token);
        using var none = ApiClients.Unix(_socket.Path);
        using var wrong = ApiClients.Unix(_socket.Path, "Bearer " + Token[..^2] + "x=");
        using var bearer = ApiClients.Unix(_socket.Path, "Bearer " + Token);
        using var basic = ApiClients.Unix(_socket.Path, ApiClients.Basic("pexip", Token));

        var refused = await none.GetAsync(Path1);

        await refused.ProblemAsync(401);
        Assert.Equal(["Bearer", "Basic"], refused.Headers.WwwAuthenticate.Select(c => c.Scheme));
        await (await wrong.GetAsync(Path1)).ProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(Path1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await basic.PutJsonAsync(Path1, """{"status":"Away"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bearer.DeleteAsync(Path1)).StatusCode);
        Assert.Contains(agent.Logs.Entries, e => e.Id.Name == "PresenceOverrideSet" && e.Message.Contains("set by an unknown address: Away", StringComparison.Ordinal));
        var refusals = agent.Logs.Entries.Where(e => e.Id.Name == "ApiRequestRefused").ToList();
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.StartsWith("GET /api/services/room1/presence from an unknown address answered 401: Send Http:ApiToken", refusals[0].Message, StringComparison.Ordinal);
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task Credentials_come_before_anything_else_so_paths_are_not_revealed()
    {
        await using var agent = await StartAsync(Token);
        using var none = ApiClients.Unix(_socket.Path);

        await (await none.GetAsync("api/no-such-endpoint")).ProblemAsync(401);
        await (await none.PutJsonAsync("api/services/nobody/presence", "not json")).ProblemAsync(401);
    }

    [Fact]
    public async Task A_loopback_client_needs_no_credentials_unless_a_proxy_forwarded_its_request()
    {
        await using var agent = await StartAsync(Token);
        using var loopback = ApiClients.Loopback(agent);

        Assert.Equal(HttpStatusCode.OK, (await loopback.GetAsync(Path1)).StatusCode);
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, Path1);
        forwarded.Headers.Add("X-Forwarded-For", "198.51.100.7");
        await (await loopback.SendAsync(forwarded)).ProblemAsync(401);
    }

    [Fact]
    public async Task With_loopback_not_trusted_a_loopback_client_needs_the_token_too()
    {
        await using var agent = await StartAsync(Token, loopbackTrusted: false);
        using var loopback = ApiClients.Loopback(agent);

        await (await loopback.GetAsync(Path1)).ProblemAsync(401);
        loopback.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await loopback.GetAsync(Path1)).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_only_loopback_clients_may_and_start_says_so()
    {
        await using var agent = await StartAsync(token: null);
        using var beyond = ApiClients.Unix(_socket.Path, "Bearer " + Token);
        using var loopback = ApiClients.Loopback(agent);

        var refused = await (await beyond.GetAsync(Path1)).ProblemAsync(403);

        Assert.Contains("Http:ApiToken is not set", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await loopback.GetAsync(Path1)).StatusCode);
        var warning = Assert.Single(agent.Logs.Entries, e => e.Id.Name == "ApiLoopbackOnly");
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task The_api_document_is_open_to_any_client()
    {
        await using var agent = await StartAsync(Token);
        using var none = ApiClients.Unix(_socket.Path);

        Assert.Equal(HttpStatusCode.OK, (await none.GetAsync("openapi/v1.json")).StatusCode);
    }
}
