using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Reload;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// Issue 11 §1 over real sockets: the agent reads its dial plan from <c>appsettings.json</c> in a folder of the test's,
/// UDP watchers subscribe to rooms and gateway aliases, and the test edits the file as an admin would. Only the
/// watchers whose document changed get a NOTIFY, those of what is gone get <c>noresource</c>, and a broken edit changes
/// nothing, notifies no one and shows in <c>/healthz</c>, the reload status and <c>POST /admin/reload</c>.
/// </summary>
public sealed class ConfigurationReloadTests : IAsyncLifetime
{
    private const string Pstn = "sip:+4420712345678@vc.example.com";
    private const string Person = "sip:jane.doe@people." + AgentUnderTest.Domain;

    /// <summary>Long enough for a save to be seen (notification, settle, reload) and a NOTIFY to cross loopback several times over.</summary>
    private static readonly TimeSpan s_quiet = TimeSpan.FromSeconds(3);

    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("pa-reload-").FullName;
    private AgentUnderTest? _agent;

    private AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    private string File => Path.Combine(_folder, "appsettings.json");

    public async Task InitializeAsync()
    {
        await System.IO.File.WriteAllTextAsync(File, Plan());
        _agent = await AgentUnderTest.StartWithFileAsync(_folder);
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        System.IO.Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Only_the_watchers_whose_document_changed_are_notified()
    {
        await using var roomA = await WatchAsync("sip:room-a@" + AgentUnderTest.Domain, "Room A");
        await using var roomB = await WatchAsync("sip:room-b@" + AgentUnderTest.Domain, "Room B");
        await using var roomC = await WatchAsync("sip:room-c@" + AgentUnderTest.Domain, "Room C");
        await using var pstn = await WatchAsync(Pstn, "+4420712345678");
        await using var person = await WatchAsync(Person, "jane.doe");

        // An editor's save: a new file renamed over the old one.
        await SaveAsync(Plan(roomB: "Room B (renovated)", withRoomC: false, pstnReplace: @"\\1@sbc.example.com", withPeople: false,
            extra: """, "Subscriptions": { "MaxPerWatcher": 500 }"""), atomically: true);

        var renamed = await roomB.ReceiveStateNotifyAsync();
        Assert.StartsWith("active", renamed.Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);
        Assert.Equal("Room B (renovated)", PidfBody.DisplayName(PidfBody.Parse(renamed)));
        Assert.StartsWith("active", (await pstn.ReceiveStateNotifyAsync()).Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);
        Assert.Equal("terminated;reason=noresource", (await roomC.ReceiveStateNotifyAsync()).Headers.GetFirst(HeaderKind.SubscriptionState));
        Assert.Equal("terminated;reason=noresource", (await person.ReceiveStateNotifyAsync()).Headers.GetFirst(HeaderKind.SubscriptionState));
        Assert.True(await roomA.IsSilentAsync(s_quiet));
        Assert.True(await roomB.IsSilentAsync(TimeSpan.Zero));
        Assert.True(await pstn.IsSilentAsync(TimeSpan.Zero));

        var last = Status.Last!;
        Assert.Equal((ReloadResult.Applied, ReloadTrigger.File), (last.Result, last.Trigger));
        Assert.Equal(["room-c"], last.ServicesRemoved);
        Assert.Equal(["room-b"], last.ServicesChanged);
        Assert.Equal(["Subscriptions:MaxPerWatcher"], last.RestartRequired);
        Assert.Equal((2, 2), (last.Notified, last.Terminated));
        Assert.Equal((1, 0), (Status.Count(ReloadResult.Applied), Status.Count(ReloadResult.Rejected)));
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task New_services_and_rules_answer_at_once()
    {
        await using var peer = await Agent.PeerAsync(tcp: false);
        await SaveAsync(Plan(extraService: """, { "Name": "Board Room", "Aliases": [ "board" ] }"""));

        // The file's services replace the others whole; the new one answers once the reload is in.
        await Eventually.TrueAsync(() => Status.Last is { Result: ReloadResult.Applied }, "the new service applied");
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:board@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal("Board Room", PidfBody.DisplayName(PidfBody.Parse(await peer.ReceiveStateNotifyAsync())));

        // Saved in place, the file was read once it had settled, not half-written.
        Assert.Equal(0, Status.Count(ReloadResult.Rejected));
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_broken_edit_changes_nothing_notifies_no_one_and_is_reported_by_key()
    {
        await using var roomA = await WatchAsync("sip:room-a@" + AgentUnderTest.Domain, "Room A");
        await using var pstn = await WatchAsync(Pstn, "+4420712345678");

        // A misspelt key and a regex that does not compile, beside a rename that would otherwise apply.
        await SaveAsync(Plan(roomB: "Room B (renovated)", pstnMatch: @"\\+?([0-9{6,15})@vc\\.example\\.com", extra: """, "Servces": [ { "Name": "Typo" } ]"""));

        await Eventually.TrueAsync(() => Status.Last is { Result: ReloadResult.Rejected }, "the broken save refused");
        Assert.True(await roomA.IsSilentAsync(s_quiet));
        Assert.True(await pstn.IsSilentAsync(TimeSpan.Zero));
        var keys = Status.Last!.ErrorKeys.ToList();
        Assert.Contains("Servces", keys);
        Assert.Contains("RoutingRules:Rules:0:Match", keys);

        using var http = new HttpClient { BaseAddress = Agent.HttpBase };
        using (var health = JsonDocument.Parse(await http.GetStringAsync("healthz")))
        {
            var reload = health.RootElement.GetProperty("lastReload");
            Assert.Equal("rejected", reload.GetProperty("result").GetString());
            Assert.Equal("file", reload.GetProperty("trigger").GetString());
            Assert.Equal(keys.Distinct(StringComparer.Ordinal), reload.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        }

        // Asked again, the same: 422 with every error under its key, and the running configuration stays.
        using var answer = await http.PostAsync("admin/reload", content: null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("rule 'pstn': Match is not a valid regex", errors.GetProperty("RoutingRules:Rules:0:Match")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("no such section", errors.GetProperty("Servces")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(ReloadTrigger.Admin, Status.Last!.Trigger);
        using (var dashboard = JsonDocument.Parse(await http.GetStringAsync("admin/api/dashboard")))
        {
            var reload = dashboard.RootElement.GetProperty("reload");
            var attempt = reload.GetProperty("last");
            Assert.Equal(("POST /admin/reload", false), (attempt.GetProperty("trigger").GetString(), attempt.GetProperty("applied").GetBoolean()));
            Assert.Contains(attempt.GetProperty("errors").EnumerateArray(), e => e.GetProperty("key").GetString() == "RoutingRules:Rules:0:Match" &&
                e.GetProperty("message").GetString()!.StartsWith("rule 'pstn'", StringComparison.Ordinal));
            Assert.Contains("stays in force", reload.GetProperty("summary").GetString(), StringComparison.Ordinal);
        }

        var metrics = PrometheusText.Parse(await http.GetStringAsync("metrics"));
        Assert.True(metrics.Value("presenceagent_reloads_total", ("result", "rejected")) >= 2);
        Assert.Equal(0, metrics.Value("presenceagent_reloads_total", ("result", "applied")));

        await using var late = await WatchAsync("sip:room-b@" + AgentUnderTest.Domain, "Room B");
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task Post_admin_reload_reads_the_files_again_and_reports_what_waits_for_a_restart()
    {
        await SaveAsync(Plan(extra: """, "Http": { "ApiMaxBodyBytes": 4096 }"""));
        using var http = new HttpClient { BaseAddress = Agent.HttpBase };

        // The watcher's own reload of the save first: one landing after the POST would be the last reload (seen in CI).
        await Eventually.TrueAsync(() => Status.Last is { Trigger: ReloadTrigger.File }, "the save read by the watcher");
        using var answer = await http.PostAsync("admin/reload", content: null);

        // The save was read already, so nothing changes; what is left to do is still a restart.
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var report = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("unchanged", report.RootElement.GetProperty("result").GetString());
        Assert.Equal("admin", report.RootElement.GetProperty("trigger").GetString());
        Assert.Equal(["Http:ApiMaxBodyBytes"], report.RootElement.GetProperty("restartRequired").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(ReloadTrigger.Admin, Status.Last!.Trigger);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task Post_admin_reload_follows_the_admin_rule()
    {
        const string Token = "reload-token-0123456789abcdefghijklmnop";
        await using var guarded = await AgentUnderTest.StartWithFileAsync(_folder, new Dictionary<string, string?> { ["Http:AdminToken"] = Token });
        using var http = new HttpClient { BaseAddress = guarded.HttpBase };

        using var refused = await http.PostAsync("admin/reload", content: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/reload") { Headers = { { "Authorization", "Bearer " + Token } } };
        using var allowed = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(ReloadTrigger.Admin, guarded.App.Services.GetRequiredService<ReloadReports>().Last!.Trigger);
        guarded.AssertNoErrors();
    }

    private ReloadReports Status => Agent.App.Services.GetRequiredService<ReloadReports>();

    /// <summary>The test's dial plan: three rooms, a rule for E.164 numbers and one for people.</summary>
    private static string Plan(string roomB = "Room B", bool withRoomC = true, string pstnMatch = @"\\+?([0-9]{6,15})@vc\\.example\\.com",
        string pstnReplace = @"\\1@pstn.example.com", bool withPeople = true, string extraService = "", string extra = "")
    {
        var roomC = withRoomC ? """, { "Name": "Room C", "Aliases": [ "room-c" ] }""" : "";
        var people = withPeople
            ? """, { "Name": "people", "Priority": 20, "Match": "([a-z]+\\.[a-z]+)@people\\.vc\\.test", "Replace": "\\1@teams.example.com" }"""
            : "";
        return $$"""
            {
              "Services": [ { "Name": "Room A", "Aliases": [ "room-a" ] }, { "Name": "{{roomB}}", "Aliases": [ "room-b" ] }{{roomC}}{{extraService}} ],
              "RoutingRules": { "Rules": [ { "Name": "pstn", "Match": "{{pstnMatch}}", "Replace": "{{pstnReplace}}" }{{people}} ] }{{extra}}
            }
            """;
    }

    /// <summary>Writes the file as an editor does: in place, or (<paramref name="atomically"/>) as a new file renamed over it.</summary>
    private async Task SaveAsync(string content, bool atomically = false)
    {
        await Agent.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<PresenceAgent.Configuration.ConfigurationWatcher>().Single().Watching;
        if (!atomically)
        {
            await System.IO.File.WriteAllTextAsync(File, content);
            return;
        }

        var temporary = File + ".tmp";
        await System.IO.File.WriteAllTextAsync(temporary, content);
        System.IO.File.Move(temporary, File, overwrite: true);
    }

    /// <summary>A UDP watcher subscribed to <paramref name="uri"/>, its first NOTIFY (showing <paramref name="name"/>) taken.</summary>
    private async Task<SipTestPeer> WatchAsync(string uri, string name)
    {
        var peer = await Agent.PeerAsync(tcp: false);
        await peer.SendAsync(SipScript.Subscribe(peer, uri, SipScript.NewCallId(), SipScript.NewTag(), 1));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal(name, PidfBody.DisplayName(PidfBody.Parse(await peer.ReceiveStateNotifyAsync())));
        return peer;
    }
}
