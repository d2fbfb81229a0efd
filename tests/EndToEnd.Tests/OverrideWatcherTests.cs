using System.Xml.Linq;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>A UDP watcher sees an admin's override through the fan-out, and its clearing.</summary>
public sealed class OverrideWatcherTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    private static (string? Basic, string[] Activities, string? Note) Read(SipRequest notify)
    {
        var doc = PidfBody.Parse(notify);
        XNamespace rpid = "urn:ietf:params:xml:ns:pidf:rpid";
        return (PidfBody.Basic(doc), [.. doc.Descendants(rpid + "activities").Elements().Select(e => e.Name.LocalName)],
            doc.Descendants(PidfBody.Dm + "note").SingleOrDefault()?.Value);
    }

    [Fact]
    public async Task A_udp_watcher_sees_the_override_and_its_clearing()
    {
        await using var peer = await Agent.PeerAsync(tcp: false);
        using var http = ApiClients.Loopback(Agent);
        var path = ApiClients.PresencePath("room1");
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@vc.test", SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Accept: application/pidf+xml\r\nAccept-Language: en-US\r\n"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var (basic, activities, _) = Read(await peer.ReceiveStateNotifyAsync());
        Assert.Equal("open", basic);
        Assert.DoesNotContain("busy", activities);

        await http.PutJsonAsync(path, """{"status":"DoNotDisturb","note":"Board meeting"}""");

        var dnd = Read(await peer.ReceiveStateNotifyAsync());
        Assert.Equal(("closed", "Board meeting"), (dnd.Basic, dnd.Note));
        Assert.Contains("busy", dnd.Activities);

        await http.PutJsonAsync(path, """{"status":"Invisible"}""");

        var invisible = Read(await peer.ReceiveStateNotifyAsync());
        Assert.Equal("closed", invisible.Basic);
        Assert.DoesNotContain("busy", invisible.Activities);

        await http.DeleteAsync(path);

        var cleared = Read(await peer.ReceiveStateNotifyAsync());
        Assert.Equal(("open", false), (cleared.Basic, cleared.Note == "Board meeting"));
        Assert.DoesNotContain("busy", cleared.Activities);
        Agent.AssertNoErrors();
    }
}
