using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Presence.Live;

/// <summary>Sources, precedence, grace and history in virtual time.</summary>
public sealed class LivePresenceTests : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(150);

    private readonly ManualTimeProvider _time = new();
    private readonly LivePresence _live;
    private readonly List<(IPresentity Contact, ShownPresence Shown)> _changes = [];
    private readonly Contact _room = new()
    {
        Kind = ContactKind.Vmr,
        Key = "room1@vc.test",
        DisplayName = "Room 1",
        Since = ManualTimeProvider.Start,
    };

    public LivePresenceTests()
    {
        _live = new LivePresence(StateCatalogue.BuiltIn, Grace, _time, NullLogger<LivePresence>.Instance);
        _live.Changed += (c, s) => _changes.Add((c, s));
    }

    public void Dispose() => _live.Dispose();

    private static PresenceState S(string id) => TestStates.Resolve(id);

    private string Shown => _live.Current(_room).State.Id;

    [Fact]
    public void A_contact_no_source_spoke_of_shows_its_default()
    {
        Assert.Equal("Available", Shown);
        Assert.Equal(PresenceSource.Default, _live.Current(_room).Source);
        Assert.Equal(0, _live.Count);
    }

    [Fact]
    public void The_automatic_source_that_spoke_last_decides_and_an_empty_room_is_the_default()
    {
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "2 participants");
        Assert.Equal("InAMeeting", Shown);

        _live.Report(_room, PresenceSource.Publication, S("DoNotDisturb"), "Recording", "published");
        Assert.Equal(("DoNotDisturb", "Recording", PresenceSource.Publication), (Shown, _live.Current(_room).Note, _live.Current(_room).Source));

        _live.Report(_room, PresenceSource.Occupancy, null, null, "empty");
        Assert.Equal(("Available", PresenceSource.Default), (Shown, _live.Current(_room).Source));
    }

    [Fact]
    public void Each_change_raises_one_event_and_a_higher_version_and_a_repeat_raises_none()
    {
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "1 participant");
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "2 participants");
        _live.Report(_room, PresenceSource.Occupancy, S("Full"), null, "at capacity");

        Assert.Equal([1L, 2L], _changes.Select(c => c.Shown.Version));
        Assert.Equal(["InAMeeting", "Full"], _changes.Select(c => c.Shown.State.Id));
    }

    [Theory]
    [InlineData("Offline")]
    [InlineData("Away")]
    [InlineData("BeRightBack")]
    [InlineData("DoNotDisturb")]
    [InlineData("closed-for-maintenance-like")]
    public void A_manual_override_that_keeps_people_away_outlasts_automatic_changes(string id)
    {
        var state = id == "closed-for-maintenance-like" ? TestStates.WithText(BaseStatus.Offline, "Closed for maintenance") : S(id);
        _live.SetOverride(_room, new ManualOverride(state, "Back Monday", null, Invisible: false), "admin");
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "participant joined");

        Assert.Equal(state.Id, Shown);
        Assert.Equal((PresenceSource.Manual, "Back Monday"), (_live.Current(_room).Source, _live.Current(_room).Note));

        Assert.True(_live.ClearOverride(_room, "admin cleared"));
        Assert.Equal("InAMeeting", Shown);
    }

    [Theory]
    [InlineData("Available")]
    [InlineData("Busy")]
    public void A_manual_available_or_busy_holds_until_the_next_automatic_change(string id)
    {
        _live.Report(_room, PresenceSource.Occupancy, S("Full"), null, "at capacity");
        _live.SetOverride(_room, new ManualOverride(S(id), null, null, Invisible: false), "admin");
        Assert.Equal(id, Shown);

        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "a participant left");

        Assert.Equal("InAMeeting", Shown);
        Assert.Null(_live.Describe(_room).Override);
    }

    [Fact]
    public void Invisible_shows_offline_while_the_sources_keep_reporting()
    {
        _live.SetOverride(_room, new ManualOverride(S("Available"), null, null, Invisible: true), "admin");
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "participant joined");

        Assert.Equal("Offline", Shown);
        _live.ClearOverride(_room, "admin");
        Assert.Equal("InAMeeting", Shown);
    }

    [Fact]
    public void An_override_with_until_ends_by_itself()
    {
        var until = _time.GetUtcNow().AddMinutes(10);
        _live.SetOverride(_room, new ManualOverride(S("DoNotDisturb"), null, until, Invisible: false), "admin");

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal("DoNotDisturb", Shown);
        _time.AdvanceSeconds(1);
        Assert.Equal("Available", Shown);
        Assert.Equal("the override's until passed", _live.Describe(_room).History[^1].Reason);
    }

    [Fact]
    public void An_override_until_next_year_ends_then_though_timers_reach_only_weeks_ahead()
    {
        var until = _time.GetUtcNow().AddDays(365);
        _live.SetOverride(_room, new ManualOverride(S("Away"), null, until, Invisible: false), "admin");

        _time.Advance(TimeSpan.FromDays(365) - TimeSpan.FromSeconds(1));
        Assert.Equal("Away", Shown);
        _time.AdvanceSeconds(1);
        Assert.Equal("Available", Shown);
    }

    [Fact]
    public void An_override_until_next_year_is_armed_on_the_system_clock()
    {
        using var live = new LivePresence(StateCatalogue.BuiltIn, Grace, TimeProvider.System, NullLogger<LivePresence>.Instance);

        // System.Threading timers refuse a due time past 49.7 days.
        Assert.True(live.SetOverride(_room, new ManualOverride(S("Away"), null, DateTimeOffset.UtcNow.AddDays(365), Invisible: false), "admin"));
        Assert.Equal("Away", live.Current(_room).State.Id);
    }

    [Theory]
    [InlineData(149, "InAMeeting")]
    [InlineData(151, "Available")]
    public void A_lost_source_shows_offline_and_its_last_state_returns_only_within_the_grace(int backAfterSeconds, string expected)
    {
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "participants");
        _live.Lose(_room, PresenceSource.Occupancy, "node stopped");
        Assert.Equal(("Offline", PresenceSource.Grace), (Shown, _live.Current(_room).Source));

        _time.AdvanceSeconds(backAfterSeconds);
        _live.Restore(_room, PresenceSource.Occupancy, "node back");

        Assert.Equal(expected, Shown);
    }

    [Fact]
    public void After_the_grace_presence_is_recomputed_from_what_is_left()
    {
        _live.Report(_room, PresenceSource.Publication, S("Busy"), null, "published");
        _live.Report(_room, PresenceSource.Occupancy, S("Full"), null, "at capacity");
        _live.Lose(_room, PresenceSource.Occupancy, "node stopped");
        Assert.Equal("Offline", Shown);

        _time.Advance(Grace);

        Assert.Equal(("Busy", PresenceSource.Publication), (Shown, _live.Current(_room).Source));
    }

    [Fact]
    public void Losing_a_source_that_was_not_deciding_starts_no_grace()
    {
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "participants");
        _live.Report(_room, PresenceSource.Publication, S("DoNotDisturb"), null, "published");

        _live.Lose(_room, PresenceSource.Occupancy, "node stopped");

        Assert.Equal("DoNotDisturb", Shown);
    }

    [Fact]
    public void A_report_within_the_grace_ends_it()
    {
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "participants");
        _live.Lose(_room, PresenceSource.Occupancy, "node stopped");

        _live.Report(_room, PresenceSource.Occupancy, S("Full"), null, "another node reports it");

        Assert.Equal("Full", Shown);
        _time.Advance(Grace);
        Assert.Equal("Full", Shown);
    }

    [Fact]
    public void A_sticky_override_shows_through_a_grace_period()
    {
        _live.Report(_room, PresenceSource.Occupancy, S("InAMeeting"), null, "participants");
        _live.SetOverride(_room, new ManualOverride(S("Away"), null, null, Invisible: false), "admin");
        _live.Lose(_room, PresenceSource.Occupancy, "node stopped");

        Assert.Equal("Away", Shown);
        _live.ClearOverride(_room, "admin");
        Assert.Equal(("Offline", PresenceSource.Grace), (Shown, _live.Current(_room).Source));
    }

    [Fact]
    public void History_keeps_the_last_hundred_transitions_with_time_source_and_reason()
    {
        for (var i = 0; i < 120; i++)
        {
            _time.AdvanceSeconds(1);
            _live.Report(_room, PresenceSource.Occupancy, i % 2 == 0 ? S("InAMeeting") : null, null, $"event {i}");
        }

        var history = _live.Describe(_room).History;
        Assert.Equal(PresenceHistory.Capacity, history.Length);
        Assert.Equal("event 20", history[0].Reason);
        Assert.Equal(("Available", "InAMeeting", PresenceSource.Occupancy), (history[0].From, history[0].To, history[0].Source));
        Assert.Equal("event 119", history[^1].Reason);
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(120), history[^1].At);
    }

    [Fact]
    public void Contacts_are_known_by_key_so_a_gateway_alias_looked_up_again_shares_its_state()
    {
        var first = Gateway("alice@vc.test");
        _live.SetOverride(first, new ManualOverride(S("Away"), null, null, Invisible: false), "admin");

        Assert.Equal("Away", _live.Current(Gateway("ALICE@vc.test")).State.Id);
        Assert.Equal("Available", _live.Current(Gateway("bob@vc.test")).State.Id);
    }

    private static Contact Gateway(string alias) =>
        new() { Kind = ContactKind.Gateway, Key = alias, DisplayName = alias, Since = ManualTimeProvider.Start };
}
