using PresenceAgent.Directory;
using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Configuration;

/// <summary>The Presence section and each service's DefaultStatus and Capacity: what loads, and every fault by its key.</summary>
public sealed class PresenceConfigurationTests : IDisposable
{
    private static readonly string[] Maintenance =
    [
        "Presence:CustomStatuses:0:Id=closed-for-maintenance",
        "Presence:CustomStatuses:0:Base=Offline",
        "Presence:CustomStatuses:0:Texts:en-US=Closed for maintenance",
        "Presence:CustomStatuses:0:Texts:de-DE=Wegen Wartung geschlossen",
    ];

    private readonly string _map = Path.GetTempFileName();

    public void Dispose() => File.Delete(_map);

    [Fact]
    public void The_languages_load_in_the_admins_order()
    {
        var states = TestConfiguration.Load(TestConfiguration.Build("Presence:Languages:0=fr-fr", "Presence:Languages:1=en-US")).States;

        Assert.Equal(["fr-FR", "en-US"], states.Languages.All.Select(l => l.Tag));
        Assert.Equal(["Disponible", "Available"], states.Available.Texts.Select(t => t.Text));
    }

    [Fact]
    public void A_custom_status_is_its_base_status_with_its_own_text()
    {
        var states = TestConfiguration.Load(TestConfiguration.Build(Maintenance)).States;

        Assert.True(states.TryResolve("Closed-For-Maintenance", out var closed));
        Assert.Equal(BaseStatus.Offline, closed.Base);
        Assert.Equal(18500, closed.Availability);
        Assert.Equal(StatusMeaning.Of(BaseStatus.Offline), closed.Meaning);
        Assert.Equal(["Closed for maintenance", "Wegen Wartung geschlossen"], closed.Texts.Select(t => t.Text));
    }

    [Fact]
    public void A_state_map_defines_states_and_redefines_built_in_ones()
    {
        File.WriteAllText(_map, """
            <?xml version="1.0"?>
            <agentStates xmlns="http://schemas.genesys.com/09/2014/mslyncserver/agentStates">
              <agentState ID="Full" availability="9001"><activity LCID="1033">No seats left</activity></agentState>
              <agentState ID="WEBINAR" availability="6600"><activity LCID="1031">Webinar läuft</activity></agentState>
            </agentStates>
            """);

        var states = TestConfiguration.Load(TestConfiguration.Build("Presence:StateMapFile=" + _map)).States;

        Assert.True(states.TryResolve(BuiltInStates.Full, out var full));
        Assert.Equal((9001, "No seats left"), (full.Availability, Assert.Single(full.Texts).Text));
        Assert.True(states.TryResolve("webinar", out var webinar));
        Assert.Equal((BaseStatus.Busy, "de-DE"), (webinar.Base, Assert.Single(webinar.Texts).Language.Tag));
        Assert.True(states.TryResolve(BuiltInStates.Locked, out _));
    }

    [Theory]
    [InlineData("Available", nameof(BaseStatus.Available))]
    [InlineData("doNotDisturb", nameof(BaseStatus.DoNotDisturb))]
    [InlineData("inameeting", nameof(BaseStatus.Busy))]
    [InlineData("closed-for-maintenance", nameof(BaseStatus.Offline))]
    public void A_services_default_status_resolves_to_its_state(string status, string expected)
    {
        var loaded = TestConfiguration.Load(TestConfiguration.Build([.. Maintenance, "Services:1:DefaultStatus=" + status, "Services:1:Capacity=40"]));
        var contacts = new ContactDirectory(loaded.Config.Services, loaded.Rules, DateTimeOffset.UnixEpoch, states: loaded.States);

        var townHall = contacts.Resolve(PresenceAgent.Sip.Messages.SipUri.Parse("sip:townhall@vc.example.com"))!;

        Assert.Equal(Enum.Parse<BaseStatus>(expected), townHall.DefaultState.Base);
        Assert.Equal(40, townHall.Capacity);
        Assert.Same(loaded.States.Available, contacts.Resolve(PresenceAgent.Sip.Messages.SipUri.Parse("sip:meet.alice@vc.example.com"))!.DefaultState);
    }

    [Fact]
    public void A_gateway_contact_is_available_and_has_no_capacity()
    {
        var loaded = TestConfiguration.Load(TestConfiguration.Build());
        var contacts = new ContactDirectory(loaded.Config.Services, loaded.Rules, DateTimeOffset.UnixEpoch, states: loaded.States);

        var gateway = contacts.Resolve(PresenceAgent.Sip.Messages.SipUri.Parse("sip:+4420712345678@vc.example.com"))!;

        Assert.Same(loaded.States.Available, gateway.DefaultState);
        Assert.Null(gateway.Capacity);
    }

    [Theory]
    [InlineData("Presence:Languages: empty; list the languages", "Presence:Languages")]
    [InlineData("Presence:Languages:1: 'de' is not a language with a Microsoft locale id", "Presence:Languages:1=de")]
    [InlineData("Presence:Languages:1: 'xx-YY' is not a language with a Microsoft locale id", "Presence:Languages:1=xx-YY")]
    [InlineData("Presence:Languages:1: 'EN-us' is listed twice.", "Presence:Languages:1=EN-us")]
    [InlineData("Presence:CustomStatuses:0:Tetxs: no such setting", "Presence:CustomStatuses:0:Tetxs:en-US=x")]
    [InlineData("Presence:StateMapFle: no such setting", "Presence:StateMapFle=x.xml")]
    public void Rejects_bad_languages_and_misspelled_keys(string expected, params string[] edits) =>
        AssertSingleFault(expected, [.. Maintenance, .. edits]);

    [Theory]
    [InlineData("Presence:CustomStatuses:0:Id: empty; it is what DefaultStatus", "Presence:CustomStatuses:0:Id= ")]
    [InlineData("Presence:CustomStatuses:0:Id: 'closed for maintenance' is not an id: letters, digits", "Presence:CustomStatuses:0:Id=closed for maintenance")]
    [InlineData("Presence:CustomStatuses:0:Id: 'busy' is a built-in state; choose another id", "Presence:CustomStatuses:0:Id=busy")]
    [InlineData("Presence:CustomStatuses:0:Id: 'Locked' is a built-in state", "Presence:CustomStatuses:0:Id=Locked")]
    [InlineData("Presence:CustomStatuses:0:Id: 'invisible' names the invisible override", "Presence:CustomStatuses:0:Id=invisible")]
    [InlineData("Presence:CustomStatuses:0:Base: 'Bussy' is not a base status; one of Available, Busy, DoNotDisturb, BeRightBack, Away, Offline.", "Presence:CustomStatuses:0:Base=Bussy")]
    [InlineData("Presence:CustomStatuses:0:Base: '2' is not a base status", "Presence:CustomStatuses:0:Base=2")]
    [InlineData("Presence:CustomStatuses:0:Texts: empty; give the status's text", "Presence:CustomStatuses:0:Texts")]
    [InlineData("Presence:CustomStatuses:0:Texts:en-UK: 'en-UK' is not a language with a Microsoft locale id", "Presence:CustomStatuses:0:Texts:en-UK=Closed")]
    [InlineData("Presence:CustomStatuses:0:Texts:de-DE: empty; watchers would see no text.", "Presence:CustomStatuses:0:Texts:de-DE= ")]
    public void Rejects_a_bad_custom_status_at_its_key(string expected, params string[] edits) =>
        AssertSingleFault(expected, [.. Maintenance, .. edits]);

    [Fact]
    public void Rejects_two_custom_statuses_with_one_id()
    {
        AssertSingleFault("Presence:CustomStatuses:1:Id: 'CLOSED-for-maintenance' is also the id of Presence:CustomStatuses:0.",
            [.. Maintenance, "Presence:CustomStatuses:1:Id=CLOSED-for-maintenance", "Presence:CustomStatuses:1:Base=Away",
             "Presence:CustomStatuses:1:Texts:en-US=Shut"]);
    }

    [Fact]
    public void Rejects_a_custom_status_whose_id_the_state_map_defines()
    {
        File.WriteAllText(_map, "<agentStates xmlns=\"http://schemas.genesys.com/09/2014/mslyncserver/agentStates\">" +
            "<agentState ID=\"Closed-For-Maintenance\" availability=\"18000\"/></agentStates>");

        AssertSingleFault("Presence:CustomStatuses:0:Id: 'closed-for-maintenance' is also defined in Presence:StateMapFile; an id names one state.",
            [.. Maintenance, "Presence:StateMapFile=" + _map]);
    }

    [Fact]
    public void Rejects_a_state_map_file_with_the_file_the_line_and_the_reason()
    {
        File.WriteAllText(_map, "<?xml version=\"1.0\"?>\n<agentStates xmlns=\"http://schemas.genesys.com/09/2014/mslyncserver/agentStates\">\n" +
            "  <agentState ID=\"A\" availability=\"3500\"/>\n  <agentState ID=\"B\" availability=\"plenty\"/>\n</agentStates>");

        AssertSingleFault($"Presence:StateMapFile: {_map} line 4: availability 'plenty' of 'B' is not a number", ["Presence:StateMapFile=" + _map]);
    }

    [Fact]
    public void Rejects_a_state_map_file_that_does_not_exist()
    {
        var missing = _map + ".missing";

        AssertSingleFault($"Presence:StateMapFile: {missing}: no such file", ["Presence:StateMapFile=" + missing]);
    }

    [Theory]
    [InlineData("Services:1:DefaultStatus: 'Bussy' names no state; use a base status (Available, Busy, DoNotDisturb, BeRightBack, Away, Offline)", "Services:1:DefaultStatus=Bussy")]
    [InlineData("Services:0:DefaultStatus: 'town-hall-live' names no state", "Services:0:DefaultStatus=town-hall-live")]
    [InlineData("Services:0:DefaultStatus: empty; name a base status", "Services:0:DefaultStatus= ")]
    [InlineData("Services:1:Capacity: 0 must be 1-1000000 participants, or unset for no limit.", "Services:1:Capacity=0")]
    [InlineData("Services:1:Capacity: -5 must be 1-1000000 participants", "Services:1:Capacity=-5")]
    [InlineData("Services:0:Capacity: 1000001 must be 1-1000000 participants", "Services:0:Capacity=1000001")]
    public void Rejects_a_bad_default_status_or_capacity_at_its_key(string expected, params string[] edits) => AssertSingleFault(expected, edits);

    [Fact]
    public void A_capacity_that_is_not_a_number_is_refused_at_its_key()
    {
        var error = Assert.Single(TestConfiguration.Errors("Services:1:Capacity=forty"));

        Assert.Contains("Services:1:Capacity", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Presence_faults_are_reported_beside_the_others()
    {
        Assert.Equal(2, TestConfiguration.Errors("Services:0:DefaultStatus=nope", "Services:1:Capacity=0").Count);
        Assert.Equal(3, TestConfiguration.Errors("Presence:Languages:1=de", "Services:1:Capacity=0", "Subscriptions:MinExpires=0").Count);
    }

    private static void AssertSingleFault(string expected, string[] edits)
    {
        var error = Assert.Single(TestConfiguration.Errors(edits));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
