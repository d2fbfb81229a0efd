using System.Net;
using System.Text.Json;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Http.AdminConsole;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>The admin console over HTTP without a browser: its pages and their headers, and the JSON views they read.</summary>
public sealed class AdminConsoleTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    private HttpClient Client(bool redirects = true) =>
        new(new HttpClientHandler { AllowAutoRedirect = redirects }) { BaseAddress = new Uri($"http://127.0.0.1:{Agent.HttpBase.Port}/") };

    private static string[] Strings(JsonElement array, string property) =>
        [.. array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!)];

    [Theory]
    [InlineData("admin/")]
    [InlineData("admin/services")]
    [InlineData("admin/rule-tester")]
    [InlineData("admin/themes")]
    public async Task Each_page_is_served_with_the_security_headers_and_revalidated_by_its_etag(string path)
    {
        using var http = Client();

        using var page = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ConsoleHeaders.ContentSecurityPolicy, Assert.Single(page.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", ConsoleHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", ConsoleHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        Assert.True(page.Headers.CacheControl?.NoCache);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("admin", "/admin/")]
    [InlineData("admin/services/", "/admin/services")]
    [InlineData("admin/themes/", "/admin/themes")]
    public async Task Each_page_has_one_address_so_its_relative_links_resolve(string path, string location)
    {
        using var http = Client(redirects: false);

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("admin/assets/console.js", HttpStatusCode.OK)]
    [InlineData("admin/assets/console.css", HttpStatusCode.OK)]
    [InlineData("admin/assets/index.html", HttpStatusCode.NotFound)]
    [InlineData("admin/assets/nothing.js", HttpStatusCode.NotFound)]
    public async Task Scripts_and_styles_are_assets_and_pages_are_not(string path, HttpStatusCode status)
    {
        using var http = Client();

        using var response = await http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(ConsoleHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task The_dashboard_counts_subscriptions_by_format_transport_and_contact_and_lists_changes_newest_first()
    {
        await using var udp = await Agent.PeerAsync(tcp: false);
        await using var tcp = await Agent.PeerAsync(tcp: true);
        foreach (var (peer, accept) in new[] { (udp, "application/pidf+xml"), (tcp, "application/xpidf+xml") })
        {
            await peer.SendAsync(SipScript.Subscribe(peer, "sip:meet.alice@vc.test", SipScript.NewCallId(), SipScript.NewTag(), 1,
                extraHeaders: $"Accept: {accept}\r\n"));
            Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        }

        using var http = Client();
        (await http.PutJsonAsync(ApiClients.PresencePath("meet.alice"), """{"status":"Busy"}""")).EnsureSuccessStatusCode();
        (await http.PutJsonAsync(ApiClients.PresencePath("meet.alice"), """{"status":"Away","note":"<b>back soon</b>"}""")).EnsureSuccessStatusCode();

        using var response = await http.GetAsync("admin/api/dashboard");

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var view = await response.JsonAsync();
        Assert.Equal(2, view.GetProperty("subscriptions").GetInt32());
        Assert.Equal(["pidf", "msrtc", "xpidf"], Strings(view.GetProperty("byFormat"), "name"));
        Assert.Equal([1, 0, 1], view.GetProperty("byFormat").EnumerateArray().Select(c => c.GetProperty("count").GetInt32()));
        Assert.Equal(["udp", "tcp", "tls"], Strings(view.GetProperty("byTransport"), "name"));
        Assert.Equal([1, 1, 0], view.GetProperty("byTransport").EnumerateArray().Select(c => c.GetProperty("count").GetInt32()));
        var watched = Assert.Single(view.GetProperty("byContact").EnumerateArray());
        Assert.Equal(("meet.alice", "Alice's <Room> & Co", "Vmr", 2),
            (watched.GetProperty("contact").GetString(), watched.GetProperty("name").GetString(), watched.GetProperty("kind").GetString(), watched.GetProperty("watchers").GetInt32()));
        var changes = view.GetProperty("recentChanges").EnumerateArray().Where(c => c.GetProperty("contact").GetString() == "meet.alice").ToList();
        Assert.Equal([("Busy", "Away"), ("Available", "Busy")], changes.Select(c => (c.GetProperty("from").GetString(), c.GetProperty("to").GetString())));
        Assert.All(changes, c => Assert.Equal("Manual", c.GetProperty("source").GetString()));
        var reload = view.GetProperty("reload");
        Assert.True(reload.GetProperty("supported").GetBoolean());
        Assert.Equal(JsonValueKind.Null, reload.GetProperty("last").ValueKind);
        Assert.Contains("read at start", reload.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(ApiClients.PresencePath("meet.alice"))).StatusCode);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task The_services_view_lists_each_service_and_every_status_an_override_may_name()
    {
        using var http = Client();

        var view = await (await http.GetAsync("admin/api/services")).JsonAsync();

        Assert.Equal(["Alice's <Room> & Co", "Town Hall", "Room 1"], Strings(view.GetProperty("services"), "name"));
        var alice = view.GetProperty("services")[0];
        Assert.Equal(("meet.alice", "boardroom", "Available", "Default"), (alice.GetProperty("contact").GetString(), alice.GetProperty("avatarTheme").GetString(),
            alice.GetProperty("state").GetProperty("id").GetString(), alice.GetProperty("source").GetString()));
        Assert.Equal("default", view.GetProperty("services")[2].GetProperty("avatarTheme").GetString());
        var statuses = view.GetProperty("statuses").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("sticky").GetBoolean());
        Assert.Equal("Invisible", view.GetProperty("statuses").EnumerateArray().Last().GetProperty("id").GetString());
        Assert.False(statuses["Available"]);
        Assert.False(statuses["InAMeeting"]);
        Assert.True(statuses["DoNotDisturb"]);
        Assert.True(statuses["closed-for-maintenance"]);
        Assert.True(statuses["Invisible"]);
    }

    [Fact]
    public async Task The_rule_tester_answers_a_gateway_alias_typed_with_its_plus_with_every_rule_timed()
    {
        using var http = Client();

        var view = await (await http.GetAsync("admin/api/rule-test?alias=+4420712345678@vc.example.com")).JsonAsync();

        Assert.Equal(("Gateway", 200, "pstn-gateway", "4420712345678@pstn.example.com"), (view.GetProperty("answer").GetString(),
            view.GetProperty("subscribeStatus").GetInt32(), view.GetProperty("rule").GetString(), view.GetProperty("replacement").GetString()));
        var rules = view.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(["pstn-gateway", "people", "greedy-but-services-win"], rules.Select(r => r.GetProperty("name").GetString()));
        Assert.All(rules, r => Assert.True(r.GetProperty("microseconds").GetDouble() >= 0));
        Assert.True(rules[0].GetProperty("winner").GetBoolean());
        Assert.Equal(["pidf", "msrtc", "xpidf"], Strings(view.GetProperty("documents"), "format"));
        Assert.Equal(JsonValueKind.Array, view.GetProperty("lint").ValueKind);
    }

    [Fact]
    public async Task The_rule_tester_names_the_service_that_answers_before_any_rule()
    {
        using var http = Client();

        var view = await (await http.GetAsync("admin/api/rule-test?alias=meet.alice@vc.test")).JsonAsync();

        Assert.Equal(("Service", "Alice's <Room> & Co"), (view.GetProperty("answer").GetString(), view.GetProperty("contact").GetString()));
        Assert.Equal(JsonValueKind.Null, view.GetProperty("rule").ValueKind);
        var greedy = view.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "greedy-but-services-win");
        Assert.True(greedy.GetProperty("matched").GetBoolean());
        Assert.True(greedy.GetProperty("winner").GetBoolean());
    }

    [Fact]
    public async Task The_rule_tester_without_an_alias_is_a_problem_naming_it()
    {
        using var http = Client();

        var errors = await (await http.GetAsync("admin/api/rule-test")).FieldErrorsAsync("alias");

        Assert.Contains("?alias=user@host", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_themes_view_has_the_default_first_with_every_size_and_no_fault()
    {
        using var http = Client();

        var view = await (await http.GetAsync("admin/api/themes")).JsonAsync();

        Assert.Equal(["default", "boardroom"], Strings(view.GetProperty("themes"), "name"));
        var first = view.GetProperty("themes")[0];
        Assert.True(first.GetProperty("isDefault").GetBoolean());
        Assert.Equal([48, 96, 648], first.GetProperty("avatar").GetProperty("sizes").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal("presence_avatar_image.jpg", first.GetProperty("avatar").GetProperty("file").GetString());
        Assert.All(view.GetProperty("themes").EnumerateArray(), t => Assert.Equal(JsonValueKind.Null, t.GetProperty("fault").ValueKind));
        Assert.Equal(["Room 1", "Town Hall"], first.GetProperty("services").EnumerateArray().Select(s => s.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_api_document_describes_the_console_views_behind_the_admin_token()
    {
        using var http = Client();

        var document = await (await http.GetAsync("openapi/v1.json")).JsonAsync();

        var paths = document.GetProperty("paths");
        foreach (var path in (string[])["/admin/api/dashboard", "/admin/api/services", "/admin/api/rule-test", "/admin/api/themes"])
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Equal("adminBearer", Assert.Single(get.GetProperty("security").EnumerateArray()).EnumerateObject().Single().Name);
        }

        Assert.Equal("alias", paths.GetProperty("/admin/api/rule-test").GetProperty("get").GetProperty("parameters")[0].GetProperty("name").GetString());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("adminBearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/admin/", StringComparison.Ordinal) && !p.Name.StartsWith("/admin/api/", StringComparison.Ordinal));
    }
}
