using System.Xml.Linq;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// The meeting under way, end to end over real sockets: a room's watchers (PIDF over UDP, msrtc categories over TCP) see
/// the subject and location the occupancy API names appear in their NOTIFYs, and disappear when the room empties.
/// </summary>
public sealed class MeetingWatcherTests
{
    private static readonly XNamespace Rpid = "urn:ietf:params:xml:ns:pidf:rpid";
    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    private static readonly XNamespace State = "http://schemas.microsoft.com/2006/09/sip/state";

    private const string Path = "api/services/room1/occupancy";

    private static (string? Subject, string? Location) FromPidf(SipRequest notify)
    {
        var person = PidfBody.Parse(notify).Root!.Element(PidfBody.Dm + "person")!;
        return (person.Element(Rpid + "activities")?.Element(Rpid + "note")?.Value, person.Element(Rpid + "place-type")?.Element(Rpid + "other")?.Value);
    }

    private static (string? Subject, string? Location) FromCategories(SipRequest notify)
    {
        var state = XDocument.Parse(System.Text.Encoding.UTF8.GetString(notify.Body.Span)).Root!.Elements(Categories + "category")
            .Single(c => c.Attribute("name")!.Value == "state").Element(State + "state")!;
        return (state.Element(State + "meetingSubject")?.Value, state.Element(State + "meetingLocation")?.Value);
    }

    /// <summary>
    /// NOTIFYs until one shows <paramref name="expected"/>: the state and the meeting are two changes, which the fan-out
    /// may carry in one NOTIFY or two.
    /// </summary>
    private static async Task<SipRequest> ReceiveShowingAsync(SipTestPeer watcher, Func<SipRequest, (string?, string?)> read,
        (string?, string?) expected)
    {
        for (var i = 0; i < 3; i++)
        {
            var notify = await watcher.ReceiveStateNotifyAsync();
            if (read(notify) == expected)
            {
                return notify;
            }
        }

        throw new Xunit.Sdk.XunitException($"no NOTIFY showed {expected}");
    }

    [Fact]
    public async Task Watchers_see_the_meeting_appear_with_the_occupancy_and_go_when_the_room_empties()
    {
        // The meeting is for Company and up; the test peers' domain is no colleague's, so everyone is Company here.
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Http:AvatarSelfCheck"] = "false",
            ["AccessLevels:Default"] = "Company",
        });
        using var http = ApiClients.Loopback(agent);
        await using var pidf = await agent.PeerAsync(tcp: false);
        await using var lync = await agent.PeerAsync(tcp: true);
        var target = $"sip:room1@{AgentUnderTest.Domain}";
        await pidf.SendAsync(SipScript.Subscribe(pidf, target, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Accept: application/pidf+xml\r\n"));
        await lync.SendAsync(SipScript.Subscribe(lync, target, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Accept: application/msrtc-event-categories+xml\r\n"));
        Assert.Equal(200, (await pidf.ReceiveResponseAsync()).StatusCode);
        Assert.Equal(200, (await lync.ReceiveResponseAsync()).StatusCode);
        Assert.Equal((null, null), FromPidf(await pidf.ReceiveStateNotifyAsync()));
        Assert.Equal((null, null), FromCategories(await lync.ReceiveStateNotifyAsync()));

        var set = await (await http.PutJsonAsync(Path,
            """{"participants": 3, "meeting": {"subject": "Quarterly review & budget", "location": "Berlin 4.12"}}""")).JsonAsync();
        Assert.Equal(("Quarterly review & budget", "Berlin 4.12"),
            (set.GetProperty("meeting").GetProperty("subject").GetString(), set.GetProperty("meeting").GetProperty("location").GetString()));

        var shown = await ReceiveShowingAsync(pidf, FromPidf, ("Quarterly review & budget", "Berlin 4.12"));
        Assert.Equal(["note", "meeting", "busy"],
            PidfBody.Parse(shown).Descendants(Rpid + "activities").Elements().Select(e => e.Name.LocalName));
        await ReceiveShowingAsync(lync, FromCategories, ("Quarterly review & budget", "Berlin 4.12"));

        var empty = await (await http.PutJsonAsync(Path, """{"participants": 0}""")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, empty.GetProperty("meeting").ValueKind);

        var cleared = await ReceiveShowingAsync(pidf, FromPidf, (null, null));
        Assert.Equal("open", PidfBody.Basic(PidfBody.Parse(cleared)));
        await ReceiveShowingAsync(lync, FromCategories, (null, null));
        Assert.Equal(2, agent.Logs.Entries.Count(e => e.Id.Name == "MeetingChanged"));
        agent.AssertNoErrors();
    }
}
