using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Presence.Occupancy;

/// <summary>
/// The meeting the occupancy API names: shown while the room has participants, gone when it empties or the API withdraws
/// it, and each change one more presence version (so cached documents are rebuilt) without a state transition.
/// </summary>
public sealed class OccupancyMeetingTests : IDisposable
{
    private static readonly Meeting Review = new("Quarterly review", "Berlin 4.12");

    private readonly OccupancyHarness _h = new();

    public void Dispose() => _h.Dispose();

    private Meeting? MeetingOf() => _h.Live.Current(_h.Room).Meeting;

    [Fact]
    public void A_meeting_given_with_participants_is_shown_and_each_change_moves_the_version_without_a_transition()
    {
        var changes = 0;
        _h.Live.Changed += (_, _) => changes++;

        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), Review, "test");
        var first = _h.Live.Current(_h.Room);
        Assert.Equal((Review, "InAMeeting"), (first.Meeting, first.State.Id));

        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), new Meeting("Retrospective", null), "test");
        var second = _h.Live.Current(_h.Room);
        Assert.Equal(new Meeting("Retrospective", null), second.Meeting);
        Assert.Equal(first.Version + 1, second.Version);
        Assert.Equal(first.Since, second.Since);
        Assert.Equal(_h.Time.GetUtcNow(), second.CardSince);
        Assert.Single(_h.Live.Describe(_h.Room).History);
        Assert.Equal(3, changes);
        Assert.Equal(2, _h.Logged("MeetingChanged"));
    }

    [Fact]
    public void The_same_meeting_again_changes_nothing()
    {
        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), Review, "test");
        var version = _h.Live.Current(_h.Room).Version;

        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), Review with { }, "test");

        Assert.Equal(version, _h.Live.Current(_h.Room).Version);
        Assert.Equal(1, _h.Logged("MeetingChanged"));
    }

    [Fact]
    public void A_put_without_a_meeting_withdraws_it()
    {
        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), Review, "test");

        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), null, "test");

        Assert.Null(MeetingOf());
    }

    [Fact]
    public void The_meeting_goes_when_the_room_empties()
    {
        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), Review, "test");

        _h.Tracker.SetCounted(_h.Room, RoomOccupancy.Empty, Review, "test");

        Assert.Null(MeetingOf());
        Assert.Equal("Available", _h.Shown(_h.Room));
    }

    [Fact]
    public void A_locked_empty_room_has_no_meeting_under_way()
    {
        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(0, true), Review, "test");

        Assert.Equal(("Locked", null), (_h.Shown(_h.Room), MeetingOf()));
    }

    [Fact]
    public void The_apis_meeting_stays_while_a_node_carries_participants_and_goes_when_the_last_one_leaves()
    {
        var node = _h.Node("10.0.0.1").Started().ConferenceStarted("Room 1").Connected("Room 1", "u1");
        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(1, true), Review, "test");

        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(0, true), Review, "test");
        Assert.Equal(Review, MeetingOf());

        node.Disconnected("Room 1", "u1").ConferenceEnded("Room 1");
        Assert.Null(MeetingOf());
    }

    [Fact]
    public void A_meeting_for_a_contact_without_live_state_and_none_to_clear_creates_nothing()
    {
        Assert.True(_h.Live.SetMeeting(_h.TownHall, null, "test"));

        Assert.Equal(0, _h.Live.Count);
    }

    [Fact]
    public void An_override_keeps_the_meeting()
    {
        _h.Tracker.SetCounted(_h.Room, new RoomOccupancy(2, false), Review, "test");

        _h.Live.SetOverride(_h.Room, new ManualOverride(TestStates.Of(BaseStatus.Available), null, null, false), "admin");

        Assert.Equal(("Available", Review), (_h.Shown(_h.Room), MeetingOf()));
    }
}
