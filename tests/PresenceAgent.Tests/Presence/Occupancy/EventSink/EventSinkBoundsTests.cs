using PresenceAgent.Presence.Occupancy.EventSink;

namespace PresenceAgent.Tests.Presence.Occupancy.EventSink;

/// <summary>Nodes, conferences and participants per node are bounded; past a bound events are dropped, counted and logged.</summary>
public sealed class EventSinkBoundsTests
{
    [Fact]
    public void Past_MaxNodes_a_new_nodes_events_are_dropped_unless_a_node_carries_nothing()
    {
        using var h = new OccupancyHarness(new EventSinkOptions { MaxNodes = 2 });
        h.Node("10.0.0.1").Started().ConferenceStarted("Room 1");
        h.Node("10.0.0.2").Started();

        h.Node("10.0.0.3").Started().ConferenceStarted("All Hands").Connected("All Hands", "u1");
        Assert.Equal("InAMeeting", h.Shown(h.TownHall));

        h.Node("10.0.0.4").Started().ConferenceStarted("All Hands").Connected("All Hands", "u2").Connected("All Hands", "u3");
        Assert.Equal(4, h.Counters.Snapshot().OverLimit);
        Assert.Equal(1, h.Logged("EventSinkNodeLimit"));
        Assert.Equal(2, h.Nodes.Count);
    }

    [Fact]
    public void Past_MaxConferencesPerNode_further_conferences_are_not_counted()
    {
        using var h = new OccupancyHarness(new EventSinkOptions { MaxConferencesPerNode = 1 });

        h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").ConferenceStarted("All Hands").Connected("All Hands", "u1");

        Assert.Equal("Available", h.Shown(h.TownHall));
        Assert.Equal(2, h.Counters.Snapshot().OverLimit);
        Assert.Equal(1, h.Logged("EventSinkConferenceLimit"));
    }

    [Fact]
    public void Past_MaxParticipantsPerNode_further_participants_are_not_counted()
    {
        using var h = new OccupancyHarness(new EventSinkOptions { MaxParticipantsPerNode = 2 });

        var a = h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1").Connected("Room 1", "u2").Connected("Room 1", "u3");
        Assert.Equal("InAMeeting", h.Shown(h.Room));
        Assert.Equal(1, h.Counters.Snapshot().OverLimit);

        a.Disconnected("Room 1", "u1").Connected("Room 1", "u3").Connected("Room 1", "u2");
        Assert.Equal("InAMeeting", h.Shown(h.Room));
        Assert.Equal(1, h.Logged("EventSinkParticipantLimit"));
    }
}
