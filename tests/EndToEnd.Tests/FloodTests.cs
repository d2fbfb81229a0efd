using System.Diagnostics;
using System.Net;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// A flood from one source costs that source its rate, not the other watchers their service: SIPp floods from
/// 127.0.0.2 while a watcher on 127.0.0.3 subscribes, refreshes and gets its NOTIFYs as it would on a quiet agent.
/// </summary>
public sealed class FloodTests
{
    /// <summary>Far above a loopback round trip, far below Timer F: the watcher is answered, not retried into.</summary>
    private static readonly TimeSpan s_normal = TimeSpan.FromSeconds(2);

    [SippFact]
    public async Task A_watcher_is_served_while_another_source_floods()
    {
        await using var agent = await AgentUnderTest.StartAsync();
        var udp = agent.SipEndPoint(tcp: false);
        var flood = Sipp.RunAsync("flood_fetch.xml", udp, tcp: false,
            new Dictionary<string, string> { ["alias"] = "nobody@" + AgentUnderTest.Domain },
            load: new Sipp.Load(IPAddress.Parse("127.0.0.2"), CallsPerSecond: 1000, Calls: 4000));

        // The watcher starts once the flood is under way, and is done before it ends.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var watcher = await SipTestPeer.ConnectAsync(udp, tcp: false, IPAddress.Parse("127.0.0.3"));
        var callId = SipScript.NewCallId();
        var fromTag = SipScript.NewTag();
        var clock = Stopwatch.StartNew();
        await watcher.SendAsync(SipScript.Subscribe(watcher, "sip:meet.alice@vc.example.com", callId, fromTag, 1, expires: 600));
        var ok = await watcher.ReceiveResponseAsync(s_normal);
        await watcher.ReceiveStateNotifyAsync(s_normal);
        Assert.Equal(200, ok.StatusCode);

        await watcher.SendAsync(SipScript.Subscribe(watcher, "sip:meet.alice@vc.example.com", callId, fromTag, 2, expires: 600, toTag: ok.To!.Tag));
        var refreshed = await watcher.ReceiveResponseAsync(s_normal);
        await watcher.ReceiveStateNotifyAsync(s_normal);
        Assert.Equal(200, refreshed.StatusCode);
        Assert.True(clock.Elapsed < 2 * s_normal, $"the watcher took {clock.Elapsed} for two exchanges");

        var result = await flood;
        Assert.True(result.ExitCode == 0, $"SIPp: {result.Output}\n{result.Errors}");
        Assert.Contains(agent.Logs.Entries, e => e.Id.Name == "RateLimited" && e.Message.Contains("127.0.0.2", StringComparison.Ordinal));
        Assert.DoesNotContain(agent.Logs.Entries, e => e.Id.Name == "RateLimited" && e.Message.Contains("127.0.0.3", StringComparison.Ordinal));
    }
}
