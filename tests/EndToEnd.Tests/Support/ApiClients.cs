using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>HTTP clients of the agent's /api endpoints, and the reading of their JSON and problem documents.</summary>
internal static class ApiClients
{
    /// <summary>A client over loopback TCP, whatever address the HTTP side is bound to.</summary>
    public static HttpClient Loopback(AgentUnderTest agent) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpBase.Port}/") };

    /// <summary>
    /// A client over a Unix socket the agent listens on: a real socket whose caller has no IP address, so it is not on
    /// loopback, without sending anything beyond this machine.
    /// </summary>
    public static HttpClient Unix(string socketPath, string? authorization = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost/") };
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return client;
    }

    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient http, string path, string json) =>
        http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static string PresencePath(string alias) => $"api/services/{Uri.EscapeDataString(alias)}/presence";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    /// <summary>The problem document of a response, checked to be one: its media type and its status member.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("https://tools.ietf.org/html/rfc9110#section-15.", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        return problem;
    }

    /// <summary>The messages a 400 problem gives for <paramref name="field"/>.</summary>
    public static async Task<string[]> FieldErrorsAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(400);
        return [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];
    }
}
