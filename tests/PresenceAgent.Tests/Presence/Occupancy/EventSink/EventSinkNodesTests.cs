using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy.EventSink;

namespace PresenceAgent.Tests.Presence.Occupancy.EventSink;

/// <summary>What conferencing nodes' events make rooms show, in virtual time: aggregation, sequence, reset, stop and grace, mapping, bounds.</summary>
public sealed class EventSinkNodesTests : IDisposable
{
    private readonly OccupancyHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void A_conference_on_two_nodes_counts_participants_on_both_and_is_live_until_it_ended_on_both()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1");
        var b = _h.Node("10.0.0.2").Started();
        Assert.Equal("Available", _h.Shown(_h.Room));

        a.Connected("Room 1", "u1").Connected("Room 1", "u2");
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));

        b.ConferenceStarted("Room 1").Connected("Room 1", "u3");
        Assert.Equal("Full", _h.Shown(_h.Room));

        a.Disconnected("Room 1", "u1");
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));

        a.Disconnected("Room 1", "u2").ConferenceEnded("Room 1");
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));

        b.Disconnected("Room 1", "u3");
        Assert.Equal(("Available", PresenceSource.Default), (_h.Shown(_h.Room), _h.DecidedBy(_h.Room)));
        b.ConferenceEnded("Room 1");
        Assert.Equal("Available", _h.Shown(_h.Room));
        Assert.Equal(["Available", "InAMeeting", "Full", "InAMeeting", "Available"], History());
    }

    [Fact]
    public void A_person_with_a_presentation_leg_or_on_two_nodes_counts_once()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1");
        var b = _h.Node("10.0.0.2").Started().ConferenceStarted("Room 1");

        a.Connected("Room 1", "alice-av", conversation: "alice").Connected("Room 1", "alice-rdp", conversation: "alice");
        b.Connected("Room 1", "alice-chat", conversation: "alice").Connected("Room 1", "bob");

        Assert.Equal("InAMeeting", _h.Shown(_h.Room));
        a.Connected("Room 1", "carol");
        Assert.Equal("Full", _h.Shown(_h.Room));
    }

    [Fact]
    public void A_gap_in_a_nodes_sequence_forgets_what_it_said_and_counts_from_what_follows()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1").Connected("Room 1", "u2").Connected("Room 1", "u3");
        var b = _h.Node("10.0.0.2").Started().ConferenceStarted("Room 1").Connected("Room 1", "u4");
        Assert.Equal("Full", _h.Shown(_h.Room));

        a.Lose(2).Connected("Room 1", "u5");

        Assert.Equal("InAMeeting", _h.Shown(_h.Room));
        Assert.Equal(1, _h.Counters.Snapshot().Resets);
        Assert.Equal(1, _h.Logged("EventSinkNodeReset"));
        b.Disconnected("Room 1", "u4");
        a.Disconnected("Room 1", "u5");
        Assert.Equal("Available", _h.Shown(_h.Room));
    }

    [Fact]
    public void A_sequence_that_steps_back_resets_the_node_and_a_repeat_of_the_last_is_ignored()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1").Connected("Room 1", "u2");

        a.Repeat(SinkEventType.ParticipantConnected);
        Assert.Equal(1, _h.Counters.Snapshot().Duplicates);
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));

        _h.Nodes.Apply(new SinkEvent("10.0.0.1", 2, SinkEventType.ConferenceStarted, "Room 1"));
        Assert.Equal("Available", _h.Shown(_h.Room));
        Assert.Equal(1, _h.Counters.Snapshot().Resets);
    }

    [Fact]
    public void A_nodes_eventsink_started_forgets_its_view_and_no_other_nodes()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1").Connected("Room 1", "u2");
        var b = _h.Node("10.0.0.2").Started().ConferenceStarted("Room 1").Connected("Room 1", "u3");
        Assert.Equal("Full", _h.Shown(_h.Room));

        a.Started();
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));

        b.Started();
        Assert.Equal(("Available", PresenceSource.Default), (_h.Shown(_h.Room), _h.DecidedBy(_h.Room)));
        Assert.Equal(2, _h.Counters.Snapshot().Resets);

        a.ConferenceStarted("Room 1").Connected("Room 1", "u1");
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));
    }

    [Fact]
    public void A_stopped_node_that_carried_a_room_alone_shows_it_offline_and_back_within_the_grace_its_state_returns()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1");

        a.Stopped();
        Assert.Equal(("Offline", PresenceSource.Grace), (_h.Shown(_h.Room), _h.DecidedBy(_h.Room)));

        _h.Time.AdvanceSeconds(149);
        a.Started().ConferenceStarted("Room 1").Connected("Room 1", "u1").Connected("Room 1", "u2").Connected("Room 1", "u3");

        // Restored first (the last state returns), then what the node reports now.
        var restored = _h.Live.Describe(_h.Room).History.Single(t => t.From == "Offline");
        Assert.Equal(("InAMeeting", PresenceSource.Occupancy), (restored.To, restored.Source));
        Assert.Equal(("Full", PresenceSource.Occupancy), (_h.Shown(_h.Room), _h.DecidedBy(_h.Room)));
    }

    [Fact]
    public void A_stopped_node_not_back_within_the_grace_leaves_the_default_and_a_later_return_reports_afresh()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1");
        a.Stopped();

        _h.Time.AdvanceSeconds(151);
        Assert.Equal(("Available", PresenceSource.Default), (_h.Shown(_h.Room), _h.DecidedBy(_h.Room)));

        a.Started().ConferenceStarted("Room 1").Connected("Room 1", "u1");
        Assert.Equal(("InAMeeting", PresenceSource.Occupancy), (_h.Shown(_h.Room), _h.DecidedBy(_h.Room)));
    }

    [Fact]
    public void A_stopped_node_whose_conference_another_node_carries_loses_only_its_participants()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1").Connected("Room 1", "u2");
        _h.Node("10.0.0.2").Started().ConferenceStarted("Room 1").Connected("Room 1", "u3");

        a.Stopped();

        Assert.Equal(("InAMeeting", PresenceSource.Occupancy), (_h.Shown(_h.Room), _h.DecidedBy(_h.Room)));
        Assert.Equal(1, _h.Logged("EventSinkNodeStopped"));
        Assert.Equal(1, _h.Nodes.Count);
    }

    [Fact]
    public void Locking_shows_locked_and_unlocking_shows_the_room_again()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1");

        a.ConferenceUpdated("Room 1", locked: true);
        Assert.Equal("Locked", _h.Shown(_h.Room));

        a.ConferenceUpdated("Room 1", locked: false);
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));
    }

    [Fact]
    public void The_newest_word_on_the_lock_counts_whichever_node_says_it()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1");
        var b = _h.Node("10.0.0.2").Started().ConferenceStarted("Room 1", locked: true);
        Assert.Equal("Locked", _h.Shown(_h.Room));

        a.ConferenceUpdated("Room 1", locked: false);
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));
        b.ConferenceEnded("Room 1");
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));
    }

    [Fact]
    public void Conferences_map_by_conference_name_ignoring_case_and_participants_also_by_the_alias_dialled()
    {
        var a = _h.Node("10.0.0.1").Started();

        a.ConferenceStarted("ALL HANDS").Connected("all hands", "u1");
        Assert.Equal("InAMeeting", _h.Shown(_h.TownHall));

        // The platform's name for Room 1's conference is not configured: its participants map by the alias they dialled.
        a.ConferenceStarted("Pexip VMR 42").Connected("Pexip VMR 42", "u2", alias: "sip:room1@vc.example.com");
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));
        Assert.Equal(1, _h.Counters.Snapshot().Unserved);

        // Learned from its participant, the conference's end is understood.
        a.ConferenceEnded("Pexip VMR 42");
        Assert.Equal("Available", _h.Shown(_h.Room));
        Assert.Equal(1, _h.Counters.Snapshot().Unserved);
    }

    [Fact]
    public void Events_for_conferences_no_service_has_are_counted_and_change_nothing()
    {
        var a = _h.Node("10.0.0.1").Started();

        a.ConferenceStarted("Sales Weekly").Connected("Sales Weekly", "u1", alias: "sales@vc.example.com")
            .Connected("Reception", "u2", alias: "+4420712345678@vc.example.com").Connected("", "u3", alias: "room1")
            .Disconnected("Sales Weekly", "u1").ConferenceEnded("Sales Weekly");

        Assert.Equal(6, _h.Counters.Snapshot().Unserved);
        Assert.Equal(0, _h.Live.Count);
        Assert.Equal(6, _h.Logged("EventSinkUnserved"));
    }

    [Fact]
    public void A_participant_that_moves_to_another_conference_leaves_the_first()
    {
        var a = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").ConferenceStarted("All Hands").Connected("Room 1", "u1");
        Assert.Equal(("InAMeeting", "Available"), (_h.Shown(_h.Room), _h.Shown(_h.TownHall)));

        a.Updated("All Hands", "u1");
        Assert.Equal(("Available", "InAMeeting"), (_h.Shown(_h.Room), _h.Shown(_h.TownHall)));

        a.Updated("Waiting somewhere else", "u1");
        Assert.Equal(("Available", "Available"), (_h.Shown(_h.Room), _h.Shown(_h.TownHall)));
    }

    [Fact]
    public void Every_applied_event_is_counted_by_its_wire_name()
    {
        _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1").Connected("Room 1", "u2").Stopped();

        var applied = _h.Counters.Snapshot().Applied;
        Assert.Equal((1, 1, 2, 1), (applied["eventsink_started"], applied["conference_started"], applied["participant_connected"], applied["eventsink_stopped"]));
        Assert.Equal(0, applied["participant_disconnected"]);
    }

    private List<string> History() => [.. _h.Live.Describe(_h.Room).History.Select(t => t.To).Prepend("Available")];
}
