using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Tests.Presence.Occupancy;

/// <summary>The occupancy API's numbers as one more source beside the conferencing nodes.</summary>
public sealed class OccupancyTrackerTests : IDisposable
{
    private readonly OccupancyHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void The_apis_numbers_replace_what_it_said_before_and_add_to_the_nodes()
    {
        Assert.Equal(new RoomOccupancy(2, false), _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), null, "test"));
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));

        Assert.Equal(new RoomOccupancy(1, false), _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(1, false), null, "test"));
        _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1").Connected("Room 1", "u2");
        Assert.Equal("Full", _h.Shown(_h.Room));

        Assert.Equal(new RoomOccupancy(2, false), _h.Tracker.SetCounted(_h.Room, RoomOccupancy.Empty, null, "test"));
        Assert.Equal("InAMeeting", _h.Shown(_h.Room));
    }

    [Fact]
    public void An_empty_unlocked_room_from_the_api_shows_the_default_and_a_locked_one_locked()
    {
        _h.Tracker.SetCounted(_h.TownHall, new RoomOccupancy(0, true), null, "test");
        Assert.Equal(("Locked", PresenceSource.Occupancy), (_h.Shown(_h.TownHall), _h.DecidedBy(_h.TownHall)));

        _h.Tracker.SetCounted(_h.TownHall, RoomOccupancy.Empty, null, "test");
        Assert.Equal(("Available", PresenceSource.Default), (_h.Shown(_h.TownHall), _h.DecidedBy(_h.TownHall)));
    }

    [Fact]
    public void Each_change_of_occupancy_is_reported_with_the_count_as_its_reason()
    {
        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(1, false), null, "occupancy API");
        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(3, true), null, "occupancy API");

        Assert.Equal(["occupancy API: 1 participant", "occupancy API: 3 participants, locked"],
            _h.Live.Describe(_h.Room).History.Select(t => t.Reason));
    }
}
