using System.Text.Json;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>The OpenAPI document the running agent serves: the /api endpoints and the admin console's views, their schemas and security, nothing else.</summary>
public sealed class ApiDocumentTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var http = ApiClients.Loopback(fixture.Agent);
        var response = await http.GetAsync("openapi/v1.json");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.JsonAsync();
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task It_describes_the_presence_endpoints_and_only_the_apis()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("PresenceAgent API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.All(Names(document.GetProperty("paths")), p => Assert.True(
            p.StartsWith("/api/", StringComparison.Ordinal) || p.StartsWith("/admin/api/", StringComparison.Ordinal), p));
        var presence = document.GetProperty("paths").GetProperty("/api/services/{alias}/presence");
        Assert.Equal(["get", "put", "delete"], Names(presence).Where(n => n != "parameters"));
        Assert.Equal("alias", presence.GetProperty("get").GetProperty("parameters")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_override_takes_a_schema_and_answers_problems()
    {
        var document = await DocumentAsync();
        var put = document.GetProperty("paths").GetProperty("/api/services/{alias}/presence").GetProperty("put");

        Assert.Equal("#/components/schemas/PresenceOverrideRequest",
            put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var responses = put.GetProperty("responses");
        Assert.Equal(["200", "400", "401", "403", "404", "413", "415", "503"], Names(responses).Order(StringComparer.Ordinal));
        Assert.Equal("#/components/schemas/HttpValidationProblemDetails",
            responses.GetProperty("400").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal(["204", "400", "401", "403", "404"],
            Names(document.GetProperty("paths").GetProperty("/api/services/{alias}/presence").GetProperty("delete").GetProperty("responses")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Its_schemas_say_what_is_read_and_shown()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var request = schemas.GetProperty("PresenceOverrideRequest");
        Assert.Equal(["status"], request.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["status", "note", "until"], Names(request.GetProperty("properties")));
        Assert.Equal("date-time", request.GetProperty("properties").GetProperty("until").GetProperty("format").GetString());
        Assert.Equal(["contact", "name", "state", "source", "since", "override", "history"], Names(schemas.GetProperty("PresenceView").GetProperty("properties")));
        Assert.Equal("integer", schemas.GetProperty("ShownStateView").GetProperty("properties").GetProperty("availability").GetProperty("type").GetString());
        Assert.Equal(["time", "from", "to", "source", "reason"], Names(schemas.GetProperty("TransitionView").GetProperty("properties")));
        Assert.Contains("Invisible", request.GetProperty("properties").GetProperty("status").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_declares_both_credentials_the_api_takes()
    {
        var document = await DocumentAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(("http", "bearer"), (schemes.GetProperty("bearer").GetProperty("type").GetString(), schemes.GetProperty("bearer").GetProperty("scheme").GetString()));
        Assert.Equal(("http", "basic"), (schemes.GetProperty("basic").GetProperty("type").GetString(), schemes.GetProperty("basic").GetProperty("scheme").GetString()));
        Assert.Equal(["bearer", "basic"], document.GetProperty("security").EnumerateArray().SelectMany(Names));
    }
}
