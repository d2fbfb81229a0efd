using System.Text.Json;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// <c>GET /admin/rules/explain</c> and the <c>explain</c> command give one answer for every kind of alias, typed as an
/// admin types it: a list, a bare service alias, an E.164 alias with an unencoded '+', a typo, another domain.
/// </summary>
public sealed class ExplainTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    [Theory]
    [InlineData("rooms@vc.test", "List", 200)]
    [InlineData("townhall", "Service", 200)]
    [InlineData("+4420712345678@vc.example.com", "Gateway", 200)]
    [InlineData("townhal@vc.test", "NoPresence", 404)]
    [InlineData("room@elsewhere.example", "DomainNotServed", 404)]
    public async Task Http_and_the_command_line_give_one_answer(string alias, string answer, int status)
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        using var json = JsonDocument.Parse(await http.GetStringAsync("admin/rules/explain?alias=" + alias));
        var root = json.RootElement;

        var (exitCode, output) = await AgentProcess.RunAsync(
            ["explain", alias, .. fixture.Agent.Settings.Select(s => $"--{s.Key}={s.Value}")]);

        Assert.Equal(answer, root.GetProperty("answer").GetString());
        Assert.Equal(status, root.GetProperty("subscribeStatus").GetInt32());
        Assert.Equal(0, exitCode);
        Assert.Contains($"  {root.GetProperty("summary").GetString()} SUBSCRIBE: {status}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_alias_typed_with_its_plus_is_answered_by_its_rule_with_every_document()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        using var json = JsonDocument.Parse(await http.GetStringAsync("admin/rules/explain?alias=+4420712345678@vc.example.com"));
        var root = json.RootElement;

        Assert.Equal("sip:+4420712345678@vc.example.com", root.GetProperty("uri").GetString());
        Assert.Equal("Matched", root.GetProperty("ruleOutcome").GetString());
        var winner = Assert.Single(root.GetProperty("rules").EnumerateArray(), r => r.GetProperty("winner").GetBoolean());
        Assert.Equal("pstn-gateway", winner.GetProperty("name").GetString());
        Assert.Equal("4420712345678@pstn.example.com", winner.GetProperty("destination").GetString());
        Assert.Equal(
            ["application/pidf+xml", "application/msrtc-event-categories+xml", "application/xpidf+xml"],
            root.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("contentType").GetString()));
        var pidf = root.GetProperty("documents")[0].GetProperty("body").GetString();
        Assert.Contains("entity=\"sip:+4420712345678@vc.example.com\"", pidf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_shows_each_member_as_its_watchers_see_it()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        using var json = JsonDocument.Parse(await http.GetStringAsync("admin/rules/explain?alias=rooms@vc.test"));

        var members = json.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("answer").GetString());

        Assert.Equal(["Service", "Service", "Gateway"], members);
    }

    [Fact]
    public async Task No_alias_is_a_clear_400()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };

        using var response = await http.GetAsync("admin/rules/explain");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("alias=user@host", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
