using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

/// <summary>Bodies of the /api endpoints: every fault answered with a problem naming the field, all at once.</summary>
public sealed class JsonBodyTests
{
    public sealed class Sample
    {
        public required string Name { get; init; }

        public int? Count { get; init; }

        public DateTimeOffset? At { get; init; }
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
    public sealed class Lenient
    {
        public string? Name { get; init; }
    }

    private static (T? Value, ProblemHttpResult? Problem) Bind<T>(string json)
        where T : class
    {
        using var document = JsonDocument.Parse(json);
        return JsonBody.Bind<T>(document.RootElement);
    }

    private static IDictionary<string, string[]> Errors(ProblemHttpResult? problem)
    {
        Assert.Equal(StatusCodes.Status400BadRequest, problem?.StatusCode);
        return Assert.IsType<HttpValidationProblemDetails>(problem!.ProblemDetails).Errors;
    }

    [Fact]
    public void A_good_body_binds_with_camel_case_names()
    {
        var (value, problem) = Bind<Sample>("""{"name":"a","count":2,"at":"2026-01-01T10:00:00+01:00"}""");

        Assert.Null(problem);
        Assert.Equal(("a", 2, new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero)), (value!.Name, value.Count, value.At!.Value.ToUniversalTime()));
    }

    [Theory]
    [InlineData("""{"name":"a","cuont":2}""", "cuont", "no such property; the properties are name, count, at.")]
    [InlineData("""{"name":"a","Name":"b"}""", "name", "given more than once.")]
    [InlineData("""{"name":null}""", "name", "may not be null.")]
    [InlineData("""{"count":1}""", "name", "required.")]
    [InlineData("""{"name":"a","count":"2"}""", "count", "must be a whole number.")]
    [InlineData("""{"name":"a","count":2.5}""", "count", "must be a whole number.")]
    [InlineData("""{"name":"a","at":"tomorrow"}""", "at", "must be a date and time in ISO 8601 with its offset, such as 2025-06-01T17:00:00Z.")]
    [InlineData("""{"name":1}""", "name", "must be a string.")]
    [InlineData("""[{"name":"a"}]""", "$", "must be a JSON object.")]
    [InlineData("\"a\"", "$", "must be a JSON object.")]
    public void Each_fault_names_its_field(string json, string field, string message)
    {
        var (value, problem) = Bind<Sample>(json);

        Assert.Null(value);
        Assert.Equal([message], Errors(problem)[field]);
    }

    [Fact]
    public void Every_field_at_fault_is_named_at_once()
    {
        var errors = Errors(Bind<Sample>("""{"count":"x","at":5,"extra":true}""").Problem);

        Assert.Equal(["at", "count", "extra", "name"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_type_that_opts_out_takes_unknown_properties() =>
        Assert.Equal("a", Bind<Lenient>("""{"name":"a","version":36}""").Value?.Name);

    [Fact]
    public async Task A_body_that_is_not_json_is_unsupported()
    {
        var (_, problem) = await JsonBody.ReadAsync<Sample>(Request("name=a", "application/x-www-form-urlencoded").Request);

        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, problem?.StatusCode);
    }

    [Theory]
    [InlineData("", "empty; send a JSON object.")]
    [InlineData("{\"name\":", "not valid JSON at line 1, byte 9.")]
    [InlineData("{\n  \"name\": 'a'\n}", "not valid JSON at line 2, byte 11.")]
    public async Task A_body_that_does_not_parse_is_named_as_a_whole(string body, string message)
    {
        var (_, problem) = await JsonBody.ReadAsync<Sample>(Request(body, "application/json; charset=utf-8").Request);

        Assert.Equal([message], Errors(problem)["$"]);
    }

    [Fact]
    public async Task A_body_deeper_than_the_limit_does_not_parse()
    {
        var deep = "{\"name\":" + new string('[', ApiJson.MaxDepth + 1) + new string(']', ApiJson.MaxDepth + 1) + "}";

        var (_, problem) = await JsonBody.ReadAsync<Sample>(Request(deep, "application/json").Request);

        Assert.StartsWith("not valid JSON", Errors(problem)["$"][0], StringComparison.Ordinal);
    }

    private static DefaultHttpContext Request(string body, string contentType)
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = contentType;
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return http;
    }
}
