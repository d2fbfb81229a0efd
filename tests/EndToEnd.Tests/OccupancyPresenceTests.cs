using System.Xml.Linq;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// Occupancy end to end over real sockets: a UDP watcher of a room sees it Available, then Busy ("In a meeting") when a
/// participant joins through the event sink, with the conference on two nodes, then Available once it ended on both.
/// </summary>
public sealed class OccupancyPresenceTests
{
    private static readonly XNamespace Rpid = "urn:ietf:params:xml:ns:pidf:rpid";

    private static string[] Activities(XDocument d) =>
        [.. d.Descendants(Rpid + "activities").Elements().Select(e => e.Name.LocalName)];

    private static string? Note(XDocument d) => d.Descendants(PidfBody.Dm + "note").SingleOrDefault()?.Value;

    [Fact]
    public async Task A_watcher_sees_the_room_busy_while_its_conference_has_participants_on_either_node_and_available_once_it_ended_on_both()
    {
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?> { ["Http:AvatarSelfCheck"] = "false" });
        await using var watcher = await agent.PeerAsync(tcp: false);
        using var a = new EventSinkNode(agent, "10.44.99.2");
        using var b = new EventSinkNode(agent, "10.44.99.3");
        await a.StartedAsync();
        await b.StartedAsync();

        await watcher.SendAsync(SipScript.Subscribe(watcher, $"sip:room1@{AgentUnderTest.Domain}", SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Accept: application/pidf+xml\r\nAccept-Language: en\r\n"));
        Assert.Equal(200, (await watcher.ReceiveResponseAsync()).StatusCode);
        var available = PidfBody.Parse(await watcher.ReceiveStateNotifyAsync());
        Assert.Equal(("open", "Available"), (PidfBody.Basic(available), Note(available)));
        Assert.Empty(Activities(available));

        await a.ConferenceAsync("conference_started", "Room 1");
        await a.ParticipantAsync("participant_connected", "Room 1", "alice", $"room1@{AgentUnderTest.Domain}");
        var busy = PidfBody.Parse(await watcher.ReceiveStateNotifyAsync());
        Assert.Equal(("open", "In a meeting"), (PidfBody.Basic(busy), Note(busy)));
        Assert.Equal(["meeting", "busy"], Activities(busy));

        // The conference spreads to a second node; the first one's participant leaves and it ends there: still in a meeting.
        await b.ConferenceAsync("conference_started", "Room 1");
        await b.ParticipantAsync("participant_connected", "Room 1", "bob", "room1");
        await a.ParticipantAsync("participant_disconnected", "Room 1", "alice", $"room1@{AgentUnderTest.Domain}");
        await a.ConferenceAsync("conference_ended", "Room 1");
        Assert.True(await watcher.IsSilentAsync(TimeSpan.FromMilliseconds(700)), "the room changed while bob was still in it");

        await b.ParticipantAsync("participant_disconnected", "Room 1", "bob", "room1");
        await b.ConferenceAsync("conference_ended", "Room 1");
        var again = PidfBody.Parse(await watcher.ReceiveStateNotifyAsync());
        Assert.Equal(("open", "Available"), (PidfBody.Basic(again), Note(again)));
        Assert.Empty(Activities(again));
        agent.AssertNoErrors();
    }
}
