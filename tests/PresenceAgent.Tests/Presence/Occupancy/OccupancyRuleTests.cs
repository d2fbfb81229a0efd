using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Tests.Presence.Occupancy;

/// <summary>Dynamics 365's capacity rule per kind of service, and its states as configuration names them.</summary>
public sealed class OccupancyRuleTests
{
    private static Contact Service(ContactKind kind, int? capacity) => new()
    {
        Kind = kind,
        Key = "room@vc.test",
        DisplayName = "Room",
        Capacity = capacity,
        Since = ManualTimeProvider.Start,
    };

    private static OccupancyRule Rule(OccupancyOptions? options = null)
    {
        var errors = new List<string>();
        return OccupancyRule.Create(options ?? new OccupancyOptions(), OccupancyHarness.States, errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    [Theory]
    [InlineData(0, false, 10, null)]
    [InlineData(1, false, 10, "InAMeeting")]
    [InlineData(9, false, 10, "InAMeeting")]
    [InlineData(10, false, 10, "Full")]
    [InlineData(12, false, 10, "Full")]
    [InlineData(10, true, 10, "Locked")]
    [InlineData(3, true, 10, "Locked")]
    [InlineData(0, true, 10, "Locked")]
    [InlineData(5000, false, null, "InAMeeting")]
    public void Empty_is_the_default_some_is_in_a_meeting_capacity_is_full_and_locked_is_locked(int participants, bool locked, int? capacity, string? expected)
    {
        foreach (var kind in new[] { ContactKind.Vmr, ContactKind.Auditorium })
        {
            var state = Rule().StateFor(Service(kind, capacity), new RoomOccupancy(participants, locked));

            Assert.Equal(expected, state?.Id);
        }
    }

    [Fact]
    public void The_built_in_states_say_busy_in_a_meeting_and_do_not_disturb_when_full_or_locked()
    {
        var rule = Rule();
        var vmr = Service(ContactKind.Vmr, 2);

        Assert.Equal(BaseStatus.Busy, rule.StateFor(vmr, new(1, false))!.Base);
        Assert.Equal(BaseStatus.DoNotDisturb, rule.StateFor(vmr, new(2, false))!.Base);
        Assert.Equal(BaseStatus.DoNotDisturb, rule.StateFor(vmr, new(1, true))!.Base);
    }

    [Fact]
    public void Each_kind_of_service_has_its_own_states()
    {
        var rule = Rule(new OccupancyOptions { Auditorium = new OccupancyStateOptions { Occupied = "TOWN-HALL-LIVE", Full = "Busy" } });

        Assert.Equal("town-hall-live", rule.StateFor(Service(ContactKind.Auditorium, 5), new(1, false))!.Id);
        Assert.Equal("Busy", rule.StateFor(Service(ContactKind.Auditorium, 5), new(5, false))!.Id);
        Assert.Equal("Locked", rule.StateFor(Service(ContactKind.Auditorium, 5), new(5, true))!.Id);
        Assert.Equal("InAMeeting", rule.StateFor(Service(ContactKind.Vmr, 5), new(1, false))!.Id);
    }

    [Fact]
    public void A_state_id_that_names_nothing_is_refused_at_its_key()
    {
        var errors = new List<string>();

        var rule = OccupancyRule.Create(new OccupancyOptions
        {
            Vmr = new OccupancyStateOptions { Locked = "Lockd" },
            Auditorium = new OccupancyStateOptions { Occupied = " " },
        }, OccupancyHarness.States, errors);

        Assert.Null(rule);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Presence:Occupancy:Vmr:Locked: 'Lockd' names no state; use a base status (Available, Busy", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Presence:Occupancy:Auditorium:Occupied: empty;", errors[1], StringComparison.Ordinal);
    }
}
