using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// Who may open the admin console, over real sockets. A client beyond loopback is a client of a Unix socket the agent
/// also listens on (it has no IP address, so it is not on loopback, and nothing leaves this machine), over plain HTTP
/// or over HTTPS with the agent's certificate.
/// </summary>
public sealed class AdminConsoleAccessTests : IDisposable
{
    private const string Token = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0gH2jK4lZ8=";

    private readonly UnixSocketPath _socket = new();

    public void Dispose() => _socket.Dispose();

    private static HttpClient Loopback(AgentUnderTest agent, string? token = null)
    {
        var http = ApiClients.Loopback(agent);
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>A client over the Unix socket speaking TLS, trusting only <paramref name="certificate"/>.</summary>
    private HttpClient UnixTls(X509Certificate2 certificate, string? token = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socket.Path), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString();
        var http = new HttpClient(handler) { BaseAddress = new Uri("https://localhost/") };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    [Fact]
    public async Task Beyond_loopback_over_plain_http_admin_is_refused_with_the_reason_before_any_token_is_read()
    {
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Http:Urls"] = $"http://127.0.0.1:0;http://unix:{_socket.Path}",
            ["Http:AdminToken"] = Token,
            ["Http:AvatarSelfCheck"] = "false",
        });
        using var beyond = ApiClients.Unix(_socket.Path, "Bearer " + Token);

        foreach (var path in (string[])["admin/", "admin/assets/console.js", "admin/api/dashboard", "admin/rules", "metrics"])
        {
            using var refused = await beyond.GetAsync(path);

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("HTTPS", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The API keeps its own rule: the admin token is taken there only where admin takes it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await beyond.GetAsync(ApiClients.PresencePath("room1"))).StatusCode);
        var logged = agent.Logs.Entries.Where(e => e.Id.Name == "AdminRequestRefused").ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Contains("GET /admin/ from an unknown address refused with 403 by the admin rule (Token, over http)", logged.Select(e => e.Message));
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task Beyond_loopback_over_https_the_admin_token_opens_the_console_and_the_api()
    {
        using var pki = new TestPki();
        using var certificate = pki.Issue(AgentUnderTest.TlsName, [AgentUnderTest.TlsName, "localhost"]);
        var pfx = pki.WritePfx(certificate, "agent.pfx", "agent-pfx-password");
        await using var agent = await AgentUnderTest.StartWithTlsAsync(pki, pfx, "agent-pfx-password", new Dictionary<string, string?>
        {
            ["Http:Urls"] = $"https://127.0.0.1:0;https://unix:{_socket.Path}",
            ["Http:AdminToken"] = Token,
            ["Http:AvatarSelfCheck"] = "false",
        });
        using var anonymous = UnixTls(certificate);
        using var admin = UnixTls(certificate, Token);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("admin/services")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("admin/api/services")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("admin/api/services")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync(ApiClients.PresencePath("room1"), """{"status":"Away"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(ApiClients.PresencePath("room1"))).StatusCode);
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task On_loopback_with_a_token_pages_open_freely_and_their_data_needs_the_token()
    {
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Http:AdminToken"] = Token,
            ["Http:ApiToken"] = "Zr8mQ2vX5nB7kL1pT4wY6hJ9cF3dS0gA8eU2iO5=",
            ["Http:ApiLoopbackTrusted"] = "false",
            ["Http:AvatarSelfCheck"] = "false",
        });
        using var anonymous = Loopback(agent);
        using var admin = Loopback(agent, Token);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("admin/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("admin/assets/services.js")).StatusCode);
        var refused = await anonymous.GetAsync("admin/api/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("admin/api/dashboard")).StatusCode);

        // Loopback is not trusted by the API here, and the console has only the admin token: /api takes it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutJsonAsync(ApiClients.PresencePath("room1"), """{"status":"Away"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync(ApiClients.PresencePath("room1"), """{"status":"Away"}""")).StatusCode);
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task Without_a_token_a_request_a_proxy_relayed_is_not_a_loopback_client()
    {
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?> { ["Http:AvatarSelfCheck"] = "false" });
        using var http = Loopback(agent);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("admin/api/themes")).StatusCode);
        foreach (var path in (string[])["admin/", "admin/api/themes"])
        {
            using var relayed = new HttpRequestMessage(HttpMethod.Get, path);
            relayed.Headers.Add("X-Forwarded-For", "198.51.100.7");
            using var refused = await http.SendAsync(relayed);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Http:AdminToken is not set", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bound_beyond_loopback_without_a_token_the_console_is_absent()
    {
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Http:Urls"] = "http://0.0.0.0:0",
            ["Http:AvatarSelfCheck"] = "false",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpBase.Port}/") };

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("admin/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("admin/api/dashboard")).StatusCode);
        Assert.DoesNotContain(agent.Logs.Entries, e => e.Id.Name == "AdminConsoleServed");
    }
}
