using System.Diagnostics;
using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.Directory;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Presence.Live;
using PresenceAgent.Publications;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// PUBLISH against the running agent: SIPp (a SIP implementation that is not ours) publishes, refreshes, modifies,
/// meets a 412 and removes, and a UDP watcher of the alias is sent each change; a peer that is no publisher gets 403,
/// alone or as a flood, while the publisher is served.
/// </summary>
public sealed class PublishTests(PublishAgentFixture fixture) : IClassFixture<PublishAgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    [SippFact]
    public Task Publish_refresh_modify_412_and_remove_over_udp() => RunFlowAsync("room1@" + AgentUnderTest.Domain, tcp: false);

    [SippFact]
    public Task Publish_refresh_modify_412_and_remove_over_tcp() => RunFlowAsync("townhall@" + AgentUnderTest.Domain, tcp: true);

    [Fact]
    public async Task A_peer_that_is_no_publisher_gets_403()
    {
        await using var stranger = await Agent.PeerAsync(tcp: false, local: IPAddress.Parse("127.0.0.2"));
        const string Target = "sip:meet.alice@vc.example.com";
        var history = Live.Describe(ContactOf(Target)).History.Length;

        await stranger.SendAsync(SipScript.Publish(stranger, Target, SipScript.Pidf(Target, open: false)));
        var answer = await stranger.ReceiveResponseAsync();

        Assert.Equal((403, "Forbidden (not a publisher here)"), (answer.StatusCode, answer.ReasonPhrase));
        Assert.Equal(history, Live.Describe(ContactOf(Target)).History.Length);
        Agent.AssertNoErrors();
    }

    [SippFact]
    public async Task A_strangers_publish_flood_costs_it_its_rate_while_the_publisher_is_served()
    {
        var udp = Agent.SipEndPoint(tcp: false);
        var flood = Sipp.RunAsync("flood_publish.xml", udp, tcp: false,
            new Dictionary<string, string> { ["alias"] = "meet.alice@vc.example.com" },
            load: new Sipp.Load(IPAddress.Parse("127.0.0.4"), CallsPerSecond: 1000, Calls: 3000));

        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var publisher = await Agent.PeerAsync(tcp: false);
        const string Target = "sip:meet.alice@vc.example.com";
        var clock = Stopwatch.StartNew();
        await publisher.SendAsync(SipScript.Publish(publisher, Target, SipScript.Pidf(Target, open: true, "busy")));
        var ok = await publisher.ReceiveResponseAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(200, ok.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the publisher waited {clock.Elapsed}");

        var result = await flood;
        Assert.True(result.ExitCode == 0, $"SIPp: {result.Output}\n{result.Errors}");
        Assert.Equal(1, Store.CountFor(ContactOf(Target)));
        Assert.Single(Agent.Logs.Entries, e => e.Id.Name == "PublishForbidden" && e.Message.Contains("127.0.0.4", StringComparison.Ordinal));
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "RateLimited" && e.Message.Contains("127.0.0.4", StringComparison.Ordinal));

        await publisher.SendAsync(SipScript.Publish(publisher, Target, body: null, ifMatch: ok.Headers.GetFirst(PublishReplies.SipETag), expires: 0));
        Assert.Equal(200, (await publisher.ReceiveResponseAsync()).StatusCode);
        Agent.AssertNoErrors();
    }

    private LivePresence Live => Agent.App.Services.GetRequiredService<LivePresence>();

    private PublicationStore Store => Agent.App.Services.GetRequiredService<PublicationStore>();

    private Contact ContactOf(string uri) =>
        Agent.App.Services.GetRequiredService<RunningConfiguration>().Current.Contacts.Resolve(SipUri.TryParse(uri, out var parsed) ? parsed : throw new ArgumentException(uri))!;

    private async Task RunFlowAsync(string alias, bool tcp)
    {
        var contact = ContactOf("sip:" + alias);
        var before = Live.Describe(contact).History.Length;
        await using var watcher = await Agent.PeerAsync(tcp: false, local: IPAddress.Parse("127.0.0.5"));
        var callId = SipScript.NewCallId();
        await watcher.SendAsync(SipScript.Subscribe(watcher, "sip:" + alias, callId, SipScript.NewTag(), 1, expires: 600));
        Assert.Equal(200, (await watcher.ReceiveResponseAsync()).StatusCode);
        var initial = StateOf(await watcher.ReceiveStateNotifyAsync());

        var result = await Sipp.RunAsync("publish_refresh_modify_remove.xml", Agent.SipEndPoint(tcp), tcp, new Dictionary<string, string> { ["alias"] = alias });

        Assert.True(result.ExitCode == 0, $"SIPp failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");

        // Published (busy), refreshed (nothing to hear), modified (a meeting), removed (the grace period shows Offline).
        var heard = Live.Describe(contact).History[before..];
        Assert.Equal(
            [("Busy", PresenceSource.Publication), ("InAMeeting", PresenceSource.Publication), ("Offline", PresenceSource.Grace)],
            heard.Select(t => (t.To, t.Source)));
        Assert.Equal(0, Store.CountFor(contact));

        // The watcher was sent each change, the published note in place of the state's text.
        string[] expected = ["open busy: Recording", "open meeting busy: Weekly review", "closed: Offline"];
        var seen = new List<string> { initial };
        var received = new List<string>();
        while (seen[^1] != expected[^1])
        {
            var notify = await watcher.ReceiveStateNotifyAsync();
            var next = StateOf(notify);
            received.Add($"{notify.CSeq} {next}");
            if (next != seen[^1])
            {
                seen.Add(next);
            }
        }

        Assert.True(expected.SequenceEqual(seen.Skip(seen.IndexOf(expected[0]))), $"the watcher was sent: {string.Join("; ", received)}");
        Agent.AssertNoErrors();
    }

    /// <summary>A NOTIFY's PIDF as a watcher reads it: basic, the person's RPID activities and its note.</summary>
    private static string StateOf(SipRequest notify)
    {
        var pidf = PidfBody.Parse(notify);
        var person = pidf.Root!.Element(PidfBody.Dm + "person")!;
        var activities = person.Elements().Where(e => e.Name.LocalName == "activities").Elements().Select(e => " " + e.Name.LocalName);
        return $"{PidfBody.Basic(pidf)}{string.Concat(activities)}: {person.Element(PidfBody.Dm + "note")?.Value}";
    }
}
