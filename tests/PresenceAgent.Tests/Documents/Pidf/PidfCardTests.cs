using System.Xml.Linq;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Presence;
using PresenceAgent.Tests.Documents.Msrtc;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Documents.Pidf;

/// <summary>The card attributes PIDF has a standard place for: CIPID's homepage and presence-level notes.</summary>
public sealed class PidfCardTests
{
    private static readonly XNamespace Pidf = "urn:ietf:params:xml:ns:pidf";
    private static readonly XNamespace Dm = "urn:ietf:params:xml:ns:pidf:data-model";
    private static readonly XNamespace Cipid = "urn:ietf:params:xml:ns:pidf:cipid";
    private static readonly XNamespace Xml = "http://www.w3.org/XML/1998/namespace";

    private static XElement Root(ContactCard card, Uri? homepage = null, string? description = "The big one") =>
        SafeXml.Parse(PidfWriter.ToBytes(new ContactPresence
        {
            Entity = "sip:board@vc.example.com",
            DisplayName = "Board Room",
            Description = description,
            DescriptionLanguage = "de",
            HomepageUrl = homepage,
            Card = card,
            State = TestStates.Of(BaseStatus.Available),
            Language = TestStates.English,
            Timestamp = new DateTimeOffset(2025, 3, 4, 10, 15, 0, TimeSpan.Zero),
        })).Root!;

    private static XElement Person(XElement root) => root.Element(Dm + "person")!;

    [Fact]
    public void The_web_site_is_the_cipid_homepage_when_no_homepage_is_set()
    {
        var homepage = Person(Root(CategoriesCardTests.BoardCard)).Elements(Cipid + "homepage").Single();

        Assert.Equal("https://intranet.example.com/rooms/board", homepage.Value);
    }

    [Fact]
    public void A_configured_homepage_wins_over_the_web_site()
    {
        var homepage = Person(Root(CategoriesCardTests.BoardCard, new Uri("https://vc.example.com/webapp/board"))).Elements(Cipid + "homepage").Single();

        Assert.Equal("https://vc.example.com/webapp/board", homepage.Value);
    }

    [Fact]
    public void The_out_of_office_note_comes_first_then_the_personal_note_in_place_of_the_description()
    {
        var notes = Root(CategoriesCardTests.BoardCard).Elements(Pidf + "note").ToList();

        Assert.Equal(["Closed for maintenance 9-11 March", "Ask reception for the PIN"], notes.Select(n => n.Value));
        Assert.All(notes, n => Assert.Equal("de", n.Attribute(Xml + "lang")!.Value));
    }

    [Fact]
    public void Without_card_notes_the_description_is_the_only_presence_note()
    {
        var notes = Root(ContactCard.Empty).Elements(Pidf + "note");

        Assert.Equal(["The big one"], notes.Select(n => n.Value));
    }

    [Fact]
    public void An_out_of_office_note_alone_is_written_without_a_description()
    {
        var root = Root(new ContactCard { OutOfOfficeNote = "Closed" }, description: null);

        Assert.Equal(["Closed"], root.Elements(Pidf + "note").Select(n => n.Value));
        Assert.Empty(Person(root).Elements(Cipid + "homepage"));
    }

    [Fact]
    public void The_notes_stay_before_the_person_as_rfc_3863_orders_them()
    {
        var root = Root(CategoriesCardTests.BoardCard);

        Assert.Equal(["tuple", "note", "note", "person"], root.Elements().Select(e => e.Name.LocalName));
    }
}
