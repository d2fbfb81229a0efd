using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Configuration;
using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.Publications;
using PresenceAgent.Reload;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Configuration;

/// <summary>
/// Reading the configuration files again: a broken change is refused whole and named by key, a valid one applied with
/// the keys that wait for a restart named, the same files are no change, the state map file counts as configuration,
/// and a file system without notifications is still looked at.
/// </summary>
public sealed class ConfigurationReloaderTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> s_settings = new()
    {
        ["Sip:Listeners:0:Protocol"] = "Udp",
        ["Sip:Listeners:0:Address"] = "127.0.0.1",
        ["Sip:Listeners:0:Port"] = "0",
        ["Sip:Domains:0"] = "vc.example.com",
        ["Http:Urls"] = "http://127.0.0.1:0",
    };

    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("pa-reloader-").FullName;
    private readonly CollectingLoggerProvider _logs = new();
    private readonly SubscriptionTable _table = new(TimeProvider.System);
    private ConfigurationReloader? _reloader;
    private RunningConfiguration? _running;
    private LivePresence? _live;
    private PresenceFanOut? _fanOut;
    private PublicationStore? _publications;

    private ConfigurationReloader Reloader => _reloader!;

    private RunningConfiguration Running => _running!;

    private ReloadReports Status { get; } = new(TimeProvider.System.GetUtcNow());

    private string StateMap => Path.Combine(_folder, "states.xml");

    public async Task InitializeAsync()
    {
        WriteStateMap("Session in progress");
        WritePlan("Room A");
        var origin = new ConfigurationOrigin([], s_settings, _folder);
        var layers = origin.Load();
        var loaded = ValidatedConfiguration.Load(layers, NullLoggerFactory.Instance);
        var start = loaded.Snapshot(loaded.Config.Sip.Domains, TimeProvider.System.GetUtcNow());
        _running = new RunningConfiguration(start);
        _live = new LivePresence(start.States, start.Grace, TimeProvider.System, NullLogger<LivePresence>.Instance);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef"),
            () => Running.Current, _live);
        var sampler = new PeerLogSampler(TimeProvider.System);
        var notifier = new Notifier(new FakeRequestSender(), bodies, _table, TimeProvider.System, NullLogger<Notifier>.Instance, sampler);
        _fanOut = new PresenceFanOut(_live, _table, notifier, NullLogger<PresenceFanOut>.Instance);
        _publications = new PublicationStore(_live, new PublicationOptions(), TimeProvider.System, NullLogger<PublicationStore>.Instance);
        var dialPlan = new DialPlanSwitch(Running, _table, notifier, _fanOut, _live, new OccupancyTracker(_live, start.Occupancy), _publications, bodies,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DialPlanSwitch>.Instance);
        _reloader = new ConfigurationReloader(origin, LiveSections.Values(layers), loaded.Config.Presence.StateMapFile, loaded.Config.Sip, loaded.Themes,
            Running, dialPlan, Status, TimeProvider.System, _logs, sampler);
        await _fanOut.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _fanOut!.StopAsync(CancellationToken.None);
        _fanOut.Dispose();
        _publications!.Dispose();
        _live!.Dispose();
        _table.Dispose();
        _reloader!.Dispose();
        System.IO.Directory.Delete(_folder, recursive: true);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_broken_change_is_refused_whole_and_the_running_configuration_stays()
    {
        var before = Running.Current;
        WritePlan("Room A (new)", extra: """, "Subscriptions": { "MaxExpire": 60 }""");

        var report = await Reloader.ReloadAsync(ReloadTrigger.Admin);

        Assert.Equal(ReloadResult.Rejected, report.Result);
        Assert.Equal(["Subscriptions:MaxExpire"], report.ErrorKeys);
        Assert.Same(before, Running.Current);
        Assert.Same(report, Status.Last);
        Assert.Equal(1, Status.Count(ReloadResult.Rejected));
        var logged = Assert.Single(_logs.Entries, e => e.EventId.Id == 6102);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("Subscriptions:MaxExpire: no such setting", logged.Message, StringComparison.Ordinal);
        Assert.False(Reloader.FilesChanged());
    }

    [Fact]
    public async Task A_valid_change_applies_and_names_the_keys_that_wait_for_a_restart()
    {
        var before = Running.Current;
        WritePlan("Room A (new)", extra: """, "Subscriptions": { "MaxPerWatcher": 10 }, "Http": { "AdminToken": "0123456789abcdef0123456789abcdef" }""");

        var report = await Reloader.ReloadAsync(ReloadTrigger.File);

        Assert.Equal(ReloadResult.Applied, report.Result);
        Assert.Equal(["Http:AdminToken", "Subscriptions:MaxPerWatcher"], report.RestartRequired);
        Assert.Equal(["room-a"], report.ServicesChanged);
        Assert.NotSame(before, Running.Current);
        Assert.Equal("Room A (new)", Running.Current.Contacts.FindService("room-a")!.DisplayName);
        var logged = Assert.Single(_logs.Entries, e => e.EventId.Id == 6103);
        Assert.DoesNotContain("0123456789abcdef", logged.Message, StringComparison.Ordinal);

        // Still waiting for the restart, and said so again, though nothing else changed.
        var again = await Reloader.ReloadAsync(ReloadTrigger.Signal);
        Assert.Equal(ReloadResult.Unchanged, again.Result);
        Assert.Equal(report.RestartRequired, again.RestartRequired);
    }

    [Fact]
    public async Task The_same_files_are_no_change()
    {
        var before = Running.Current;

        var report = await Reloader.ReloadAsync(ReloadTrigger.Signal);

        Assert.Equal((ReloadResult.Unchanged, ReloadTrigger.Signal), (report.Result, report.Trigger));
        Assert.Empty(report.RestartRequired);
        Assert.Same(before, Running.Current);
        Assert.Single(_logs.Entries, e => e.EventId.Id == 6101);
    }

    [Fact]
    public async Task The_state_map_file_is_configuration_too()
    {
        Assert.Contains(StateMap, Reloader.Files);
        WriteStateMap("Session in progress, please wait");
        Assert.True(Reloader.FilesChanged());

        var report = await Reloader.ReloadAsync(ReloadTrigger.File);

        Assert.Equal(ReloadResult.Applied, report.Result);
        Assert.True(Running.Current.States.TryResolve("IN_SESSION", out var state));
        Assert.Equal("Session in progress, please wait", state.Texts[0].Text);
        Assert.False(Reloader.FilesChanged());
    }

    [Fact]
    public async Task Without_change_notifications_a_saved_file_is_seen_by_the_periodic_look()
    {
        var watcher = new ConfigurationWatcher(Reloader, TimeProvider.System, NullLogger<ConfigurationWatcher>.Instance) { WatchFileSystem = false };
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            await watcher.Watching;
            WritePlan("Room A (new)");

            var deadline = DateTime.UtcNow + ConfigurationWatcher.CheckPeriod + ConfigurationWatcher.Settle + TimeSpan.FromSeconds(3);
            while (Status.Last is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal((ReloadResult.Applied, ReloadTrigger.File), (Status.Last?.Result, Status.Last?.Trigger));
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
            watcher.Dispose();
        }
    }

    private void WritePlan(string name, string extra = "") =>
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), $$"""
            {
              "Services": [ { "Name": "{{name}}", "Aliases": [ "room-a" ], "DefaultStatus": "IN_SESSION" } ],
              "Presence": { "StateMapFile": {{System.Text.Json.JsonSerializer.Serialize(StateMap)}} }{{extra}}
            }
            """);

    private void WriteStateMap(string text) =>
        File.WriteAllText(StateMap, $"""
            <?xml version="1.0"?>
            <agentStates xmlns="http://schemas.genesys.com/09/2014/mslyncserver/agentStates">
              <agentState ID="IN_SESSION" availability="7001"><activity LCID="1033">{text}</activity></agentState>
            </agentStates>
            """);
}
