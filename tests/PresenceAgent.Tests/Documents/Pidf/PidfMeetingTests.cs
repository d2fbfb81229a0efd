using System.Xml.Linq;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Presence;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Documents.Pidf;

/// <summary>
/// The meeting under way in PIDF, where RPID has a standard place for it: the subject as the note of the activities
/// (RFC 4480 §3.2), the location as the free-text other of the place type (§3.6).
/// </summary>
public sealed class PidfMeetingTests
{
    private static readonly XNamespace Dm = "urn:ietf:params:xml:ns:pidf:data-model";
    private static readonly XNamespace Rpid = "urn:ietf:params:xml:ns:pidf:rpid";
    private static readonly XNamespace Cipid = "urn:ietf:params:xml:ns:pidf:cipid";
    private static readonly XNamespace Xml = "http://www.w3.org/XML/1998/namespace";

    private static XElement Person(Meeting? meeting, string stateId = BuiltInStates.InAMeeting) =>
        SafeXml.Parse(PidfWriter.ToBytes(new ContactPresence
        {
            Entity = "sip:board@vc.example.com",
            DisplayName = "Board Room",
            Card = new ContactCard { Meeting = meeting },
            State = TestStates.Resolve(stateId),
            Language = TestStates.English,
            Timestamp = new DateTimeOffset(2025, 3, 4, 10, 15, 0, TimeSpan.Zero),
        })).Root!.Element(Dm + "person")!;

    [Fact]
    public void The_subject_is_the_activities_note_before_the_activities_and_the_location_the_place_type()
    {
        var person = Person(new Meeting("Quarterly review", "Berlin 4.12"));

        Assert.Equal([Rpid + "activities", Rpid + "place-type", Cipid + "display-name", Dm + "note", Dm + "timestamp"],
            person.Elements().Select(e => e.Name));
        var activities = person.Element(Rpid + "activities")!;
        Assert.Equal(["note", "meeting", "busy"], activities.Elements().Select(e => e.Name.LocalName));
        Assert.All(activities.Elements(), e => Assert.Equal(Rpid, e.Name.Namespace));
        Assert.Equal("Quarterly review", activities.Element(Rpid + "note")!.Value);
        var place = person.Element(Rpid + "place-type")!;
        Assert.Equal([Rpid + "other"], place.Elements().Select(e => e.Name));
        Assert.Equal("Berlin 4.12", place.Element(Rpid + "other")!.Value);
    }

    [Fact]
    public void The_meetings_texts_carry_no_language_since_the_platform_gives_none()
    {
        var person = Person(new Meeting("Quarterly review", "Berlin 4.12"));

        Assert.Null(person.Element(Rpid + "activities")!.Element(Rpid + "note")!.Attribute(Xml + "lang"));
        Assert.Null(person.Element(Rpid + "place-type")!.Element(Rpid + "other")!.Attribute(Xml + "lang"));
    }

    [Fact]
    public void Without_an_activity_the_subject_stands_alone_in_the_activities()
    {
        var activities = Person(new Meeting("Town hall", null), nameof(BaseStatus.Available)).Element(Rpid + "activities")!;

        Assert.Equal(["note"], activities.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void A_location_alone_writes_no_activities_note()
    {
        var person = Person(new Meeting(null, "Lab"), nameof(BaseStatus.Available));

        Assert.Null(person.Element(Rpid + "activities"));
        Assert.Equal("Lab", person.Element(Rpid + "place-type")!.Element(Rpid + "other")!.Value);
    }

    [Fact]
    public void Without_a_meeting_there_is_neither()
    {
        var person = Person(null);

        Assert.Equal(["meeting", "busy"], person.Element(Rpid + "activities")!.Elements().Select(e => e.Name.LocalName));
        Assert.Null(person.Element(Rpid + "place-type"));
    }

    [Fact]
    public void Markup_is_escaped_and_line_breaks_become_spaces()
    {
        var person = Person(new Meeting("R&D <sync>\nweekly", "Room\t5"));

        Assert.Equal("R&D <sync> weekly", person.Element(Rpid + "activities")!.Element(Rpid + "note")!.Value);
        Assert.Equal("Room 5", person.Element(Rpid + "place-type")!.Element(Rpid + "other")!.Value);
    }
}
