using System.Xml.Linq;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Documents.Msrtc;

/// <summary>The meeting under way in the categories document: the state's meetingSubject and meetingLocation, field by field.</summary>
public sealed class CategoriesMeetingTests
{
    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    private static readonly XNamespace State = "http://schemas.microsoft.com/2006/09/sip/state";

    private static XElement StateOf(Meeting? meeting, string stateId = BuiltInStates.InAMeeting, CategorySet set = CategorySet.All) =>
        SafeXml.Parse(CategoriesWriter.ToBytes(new ContactPresence
        {
            Entity = "sip:board@vc.example.com",
            DisplayName = "Board Room",
            Card = new ContactCard { Meeting = meeting },
            State = TestStates.Resolve(stateId),
            Language = TestStates.English,
            Timestamp = new DateTimeOffset(2025, 3, 4, 10, 15, 0, TimeSpan.Zero),
        }, set)).Root!.Elements(Categories + "category").Single(c => c.Attribute("name")!.Value == "state").Element(State + "state")!;

    [Fact]
    public void Subject_and_location_follow_availability_and_activity_as_the_state_schema_orders_them()
    {
        var state = StateOf(new Meeting("Quarterly review", "Berlin 4.12"));

        Assert.Equal(["availability", "activity", "meetingSubject", "meetingLocation"], state.Elements().Select(e => e.Name.LocalName));
        Assert.All(state.Elements(), e => Assert.Equal(State, e.Name.Namespace));
        Assert.Equal("Quarterly review", state.Element(State + "meetingSubject")!.Value);
        Assert.Equal("Berlin 4.12", state.Element(State + "meetingLocation")!.Value);
        Assert.Empty(state.Element(State + "meetingSubject")!.Attributes());
    }

    [Fact]
    public void Either_may_come_alone()
    {
        Assert.Equal(["availability", "activity", "meetingSubject"], StateOf(new Meeting("Stand-up", null)).Elements().Select(e => e.Name.LocalName));
        Assert.Equal(["availability", "activity", "meetingLocation"], StateOf(new Meeting(null, "Lab")).Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void Without_a_meeting_the_state_has_neither()
    {
        Assert.Equal(["availability", "activity"], StateOf(null).Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void Markup_is_escaped_and_what_xml_cannot_carry_is_dropped()
    {
        var state = StateOf(new Meeting("<b>R&D</b>\u0001 sync", "A \"quoted\"\u0007 room"));

        Assert.Equal("<b>R&D</b> sync", state.Element(State + "meetingSubject")!.Value);
        Assert.Equal("A \"quoted\" room", state.Element(State + "meetingLocation")!.Value);
    }

    [Fact]
    public void An_override_that_shows_available_still_carries_the_meeting_of_the_card()
    {
        var state = StateOf(new Meeting("Town hall", null), nameof(BaseStatus.Available));

        Assert.Equal(["availability", "activity", "meetingSubject"], state.Elements().Select(e => e.Name.LocalName));
    }
}
