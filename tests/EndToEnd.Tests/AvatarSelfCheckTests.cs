using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>The start-up check that fetches each theme's avatar through the public link, over real HTTP.</summary>
public sealed class AvatarSelfCheckTests
{
    private static readonly string[] ShippedThemes = System.IO.Directory.GetDirectories(RepoPaths.Themes)
        .Where(d => File.Exists(Path.Combine(d, "presence_avatar_image.jpg")))
        .Select(Path.GetFileName).Order(StringComparer.OrdinalIgnoreCase).ToArray()!;

    [Fact]
    public async Task Every_theme_is_fetched_through_the_public_url_and_passes()
    {
        await using var agent = await AgentUnderTest.StartAsync();

        var passed = await WaitForAsync(agent, "AvatarSelfCheckPassed", ShippedThemes.Length);

        Assert.Equal(ShippedThemes, passed.Select(m => m.Theme).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(passed, m => Assert.Contains($"is served at {agent.HttpBase}avatars/", m.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(agent.Logs.Entries, e => e.Id.Name == "AvatarSelfCheckFailed");
    }

    [Fact]
    public async Task A_public_url_nobody_answers_at_is_a_warning_per_theme_and_the_agent_still_serves()
    {
        // A loopback port that is closed: what a wrong Http:PublicBaseUrl looks like from the watchers' side.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Http:PublicBaseUrl"] = $"http://127.0.0.1:{closedPort}/presence/",
        });

        var failed = await WaitForAsync(agent, "AvatarSelfCheckFailed", ShippedThemes.Length);
        Assert.All(failed, m =>
        {
            Assert.Contains($"http://127.0.0.1:{closedPort}/presence/avatars/", m.Message, StringComparison.Ordinal);
            Assert.Contains("Http:PublicBaseUrl", m.Message, StringComparison.Ordinal);
        });
        Assert.All(agent.Logs.Entries.Where(e => e.Id.Name == "AvatarSelfCheckFailed"), e => Assert.Equal(LogLevel.Warning, e.Level));

        // Start-up went on: the agent answers SIP.
        await using var peer = await agent.PeerAsync(tcp: false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task A_plain_http_link_on_a_real_host_is_warned_about_for_lync()
    {
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Http:PublicBaseUrl"] = "http://presence.invalid/",
        });

        var warning = Assert.Single(await WaitForAsync(agent, "AvatarUrlNotHttps", 1));
        Assert.Contains("HTTPS", warning.Message, StringComparison.Ordinal);
    }

    private static async Task<List<(string Theme, string Message)>> WaitForAsync(AgentUnderTest agent, string eventName, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = agent.Logs.Entries.Where(e => e.Id.Name == eventName)
                .Select(e => (Theme: ThemeOf(e.Message), e.Message)).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.Equal(count, found.Count);
                return found;
            }

            await Task.Delay(50);
        }
    }

    private static string ThemeOf(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        return start < 0 ? "" : message[(start + 1)..message.IndexOf('\'', start + 1)];
    }
}
