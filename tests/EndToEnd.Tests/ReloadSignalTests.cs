using System.Text.Json;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>SIGHUP to the agent's own process reloads its configuration, as <c>systemctl reload</c> sends it, and does not end it.</summary>
public sealed class ReloadSignalTests
{
    [Fact]
    public async Task Sighup_reloads_the_configuration_and_the_agent_keeps_serving()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("pa-sighup-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), $$"""
                {
                  "Sip": { "Listeners": [ { "Protocol": "Udp", "Address": "127.0.0.1", "Port": 0 } ] },
                  "Http": { "Urls": "http://127.0.0.1:0", "AvatarSelfCheck": false },
                  "Themes": { "Folder": {{JsonSerializer.Serialize(RepoPaths.Themes)}} },
                  "Services": [ { "Name": "Room 1", "Aliases": [ "room1" ] } ]
                }
                """);
            await using var agent = ServingAgentProcess.Start(folder);
            var listening = await agent.WaitForLineAsync("Now listening on: ", TimeSpan.FromSeconds(60));
            await agent.WaitForLineAsync("SIP listening on", TimeSpan.FromSeconds(30));

            // Every hosted service has started, the signal handler's among them.
            await agent.WaitForLineAsync("Application started", TimeSpan.FromSeconds(30));

            Assert.DoesNotContain("SIGHUP cannot be handled here", agent.Output, StringComparison.Ordinal);
            await agent.SignalAsync("HUP");

            await agent.WaitForLineAsync("Configuration read again (signal)", TimeSpan.FromSeconds(15));
            Assert.False(agent.HasExited);
            using var http = new HttpClient { BaseAddress = new Uri(listening[(listening.IndexOf("http://", StringComparison.Ordinal))..].Trim() + "/") };
            using var health = JsonDocument.Parse(await http.GetStringAsync("healthz"));
            var reload = health.RootElement.GetProperty("lastReload");
            Assert.Equal(("signal", "unchanged"), (reload.GetProperty("trigger").GetString(), reload.GetProperty("result").GetString()));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_agent_started_with_sighup_ignored_says_so_at_start()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("pa-nohup-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """
                {
                  "Sip": { "Listeners": [ { "Protocol": "Udp", "Address": "127.0.0.1", "Port": 0 } ] },
                  "Http": { "Urls": "http://127.0.0.1:0", "AvatarSelfCheck": false }
                }
                """);
            await using var agent = ServingAgentProcess.StartIgnoringSighup(folder);

            var warning = await agent.WaitForLineAsync("SIGHUP cannot be handled here", TimeSpan.FromSeconds(60));

            Assert.Contains("ignored when the agent started", warning, StringComparison.Ordinal);
            Assert.Contains("POST /admin/reload", warning, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
