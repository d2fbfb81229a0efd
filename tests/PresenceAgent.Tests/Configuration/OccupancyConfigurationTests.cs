using PresenceAgent.Directory;
using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Tests.Configuration;

/// <summary>Presence:Occupancy, each service's ConferenceName and the EventSink section: what loads, and every fault by its key.</summary>
public sealed class OccupancyConfigurationTests
{
    [Fact]
    public void By_default_occupancy_shows_the_built_in_states_and_the_sink_takes_loopback_callers_only()
    {
        var loaded = TestConfiguration.Load(TestConfiguration.Build());
        var room = new Contact { Kind = ContactKind.Vmr, Key = "r", DisplayName = "R", Capacity = 2, Since = ManualTimeProvider.Start };

        Assert.Equal(["InAMeeting", "Full", "Locked"], new[] { new RoomOccupancy(1, false), new(2, false), new(1, true) }
            .Select(o => loaded.Occupancy.StateFor(room, o)!.Id));
        Assert.False(loaded.Config.EventSink.HasCredentials);
        Assert.Equal((65536, 1024, 100, 2000, 5000), (loaded.Config.EventSink.MaxBodyBytes, loaded.Config.EventSink.QueueCapacity,
            loaded.Config.EventSink.MaxNodes, loaded.Config.EventSink.MaxConferencesPerNode, loaded.Config.EventSink.MaxParticipantsPerNode));
    }

    [Fact]
    public void An_auditorium_can_show_a_custom_status_when_occupied()
    {
        var loaded = TestConfiguration.Load(TestConfiguration.Build(
            "Presence:CustomStatuses:0:Id=town-hall-live", "Presence:CustomStatuses:0:Base=Busy", "Presence:CustomStatuses:0:Texts:en-US=Town hall live",
            "Presence:Occupancy:Auditorium:Occupied=Town-Hall-Live"));
        var hall = new Contact { Kind = ContactKind.Auditorium, Key = "h", DisplayName = "H", Since = ManualTimeProvider.Start };

        Assert.Equal("town-hall-live", loaded.Occupancy.StateFor(hall, new RoomOccupancy(40, false))!.Id);
    }

    [Fact]
    public void Services_are_found_by_their_conference_name_else_their_name_ignoring_case()
    {
        var loaded = TestConfiguration.Load(TestConfiguration.Build("Services:1:ConferenceName=all-hands"));
        var directory = new ContactDirectory(loaded.Config.Services, loaded.Rules, ManualTimeProvider.Start, states: loaded.States);

        Assert.Equal("Town Hall", directory.FindConference("ALL-HANDS")?.DisplayName);
        Assert.Null(directory.FindConference("Town Hall"));
        Assert.Equal("Alice's Meeting Room", directory.FindConference(" alice's meeting room ")?.DisplayName);
    }

    [Theory]
    [InlineData("Presence:Occupancy:Vmr:Occupied: 'Bussy' names no state; use a base status", "Presence:Occupancy:Vmr:Occupied=Bussy")]
    [InlineData("Presence:Occupancy:Auditorium:Full: empty; name a base status", "Presence:Occupancy:Auditorium:Full= ")]
    [InlineData("Presence:Occupancy:Vmr:Lockd: no such setting", "Presence:Occupancy:Vmr:Lockd=Locked")]
    [InlineData("Services:1:ConferenceName: empty; name the conference as the platform does", "Services:1:ConferenceName= ")]
    [InlineData("Services:1:ConferenceName: 'alice's meeting room' is also the conference name of Services:0 ('Alice's Meeting Room')", "Services:1:ConferenceName=alice's meeting room")]
    [InlineData("Services:1:Name: 'Alice's Meeting Room' is also the conference name of Services:0", "Services:1:Name=Alice's Meeting Room")]
    [InlineData("EventSink:Password: empty while EventSink:Username is set; set both", "EventSink:Username=pexip")]
    [InlineData("EventSink:Username: empty while EventSink:Password is set; set both", "EventSink:Password=secret")]
    [InlineData("EventSink:Username: has a ':'", "EventSink:Username=pex:ip", "EventSink:Password=secret")]
    [InlineData("EventSink:MaxBodyBytes: 100 must be 1024-1048576 (bytes).", "EventSink:MaxBodyBytes=100")]
    [InlineData("EventSink:QueueCapacity: 0 must be 1-1000000 (events).", "EventSink:QueueCapacity=0")]
    [InlineData("EventSink:MaxNodes: 10001 must be 1-10000 (nodes).", "EventSink:MaxNodes=10001")]
    [InlineData("EventSink:Usrname: no such setting", "EventSink:Usrname=pexip")]
    public void Rejects_a_fault_at_its_key(string expected, params string[] edits)
    {
        var error = Assert.Single(TestConfiguration.Errors(edits));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_never_quoted_in_an_error()
    {
        var error = Assert.Single(TestConfiguration.Errors("EventSink:Username=pexip", "EventSink:Password="));

        Assert.DoesNotContain("pexip", error, StringComparison.Ordinal);
    }
}
