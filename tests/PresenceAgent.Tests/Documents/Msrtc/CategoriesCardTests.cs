using System.Xml.Linq;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Documents.Msrtc;

/// <summary>The card attributes and notes of a room in the categories document, parsed back field by field.</summary>
public sealed class CategoriesCardTests
{
    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    private static readonly XNamespace Card = "http://schemas.microsoft.com/2006/09/sip/contactcard";
    private static readonly XNamespace Note = "http://schemas.microsoft.com/2006/09/sip/note";

    internal static readonly ContactCard BoardCard = new()
    {
        Email = "board@example.com",
        Title = "Virtual meeting room",
        Phones = [new("work", "+4930123456"), new("other", "+441234567890")],
        Company = "Example & Sons",
        Office = "Berlin 4.12",
        WorkAddress = "Example Street 1, 10115 Berlin",
        WebSite = new Uri("https://intranet.example.com/rooms/board"),
        Note = "Ask reception for the PIN",
        OutOfOfficeNote = "Closed for maintenance 9-11 March",
    };

    private static ContactPresence Board(ContactCard card) => new()
    {
        Entity = "sip:board@vc.example.com",
        DisplayName = "Board Room",
        Description = "The big one",
        Card = card,
        State = TestStates.Of(BaseStatus.Available),
        Language = TestStates.English,
        Timestamp = new DateTimeOffset(2025, 3, 4, 10, 15, 0, TimeSpan.Zero),
    };

    private static XElement Root(ContactCard card, CategorySet set = CategorySet.All) =>
        SafeXml.Parse(CategoriesWriter.ToBytes(Board(card), set)).Root!;

    private static XElement Category(XElement root, string name, string instance) =>
        root.Elements(Categories + "category").Single(c => c.Attribute("name")!.Value == name && c.Attribute("instance")!.Value == instance);

    [Fact]
    public void The_identity_card_carries_every_attribute_in_the_schemas_order()
    {
        var card = Category(Root(BoardCard), "contactCard", "0").Element(Card + "contactCard")!;

        Assert.Equal(["identity", "address", "company", "title", "office", "url", "phone", "phone"],
            card.Elements().Select(e => e.Name.LocalName));
        Assert.All(card.Elements(), e => Assert.Equal(Card, e.Name.Namespace));
        var identity = card.Element(Card + "identity")!;
        Assert.Equal(["name", "email"], identity.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("Board Room", identity.Element(Card + "name")!.Element(Card + "displayName")!.Value);
        Assert.Equal("board@example.com", identity.Element(Card + "email")!.Value);
        Assert.Equal("Example & Sons", card.Element(Card + "company")!.Value);
        Assert.Equal("Virtual meeting room", card.Element(Card + "title")!.Value);
        Assert.Equal("Berlin 4.12", card.Element(Card + "office")!.Value);
    }

    [Fact]
    public void Phones_keep_their_order_and_type_with_a_tel_uri_and_the_number_shown()
    {
        var phones = Category(Root(BoardCard), "contactCard", "0").Descendants(Card + "phone").ToList();

        Assert.Equal(["work", "other"], phones.Select(p => p.Attribute("type")!.Value));
        Assert.Equal(["tel:+4930123456", "tel:+441234567890"], phones.Select(p => p.Element(Card + "uri")!.Value));
        Assert.Equal(["+4930123456", "+441234567890"], phones.Select(p => p.Element(Card + "displayString")!.Value));
    }

    [Fact]
    public void The_work_address_and_the_web_site_are_typed()
    {
        var card = Category(Root(BoardCard), "contactCard", "0").Element(Card + "contactCard")!;

        var address = card.Element(Card + "address")!;
        Assert.Equal("work", address.Attribute("type")!.Value);
        Assert.Equal("Example Street 1, 10115 Berlin", address.Element(Card + "street")!.Value);
        var url = card.Element(Card + "url")!;
        Assert.Equal("sharepoint", url.Attribute("type")!.Value);
        Assert.Equal("https://intranet.example.com/rooms/board", url.Value);
    }

    [Fact]
    public void The_personal_note_replaces_the_description_and_the_out_of_office_note_has_its_own_instance()
    {
        var root = Root(BoardCard);

        var personal = Category(root, "note", "0").Element(Note + "note")!.Elements(Note + "body").Single();
        Assert.Equal("personal", personal.Attribute("type")!.Value);
        Assert.Equal("Ask reception for the PIN", personal.Value);
        var oof = Category(root, "note", "1").Element(Note + "note")!.Elements(Note + "body").Single();
        Assert.Equal("OOF", oof.Attribute("type")!.Value);
        Assert.Equal("Closed for maintenance 9-11 March", oof.Value);

        // The card still describes the room.
        Assert.Equal("The big one", Category(root, "contactCard", "6").Descendants(Card + "description").Single().Value);
    }

    [Fact]
    public void Without_a_personal_note_the_description_stays_the_personal_note_beside_the_out_of_office_one()
    {
        var root = Root(new ContactCard { OutOfOfficeNote = "Closed" });

        Assert.Equal("The big one", Category(root, "note", "0").Descendants(Note + "body").Single().Value);
        Assert.Equal("Closed", Category(root, "note", "1").Descendants(Note + "body").Single().Value);
    }

    [Fact]
    public void An_empty_card_writes_only_the_name_and_one_note()
    {
        var root = Root(ContactCard.Empty);

        Assert.Equal(["identity"], Category(root, "contactCard", "0").Element(Card + "contactCard")!.Elements().Select(e => e.Name.LocalName));
        Assert.Single(root.Elements(Categories + "category"), c => c.Attribute("name")!.Value == "note");
    }

    [Fact]
    public void Only_the_requested_categories_carry_the_card()
    {
        var root = Root(BoardCard, CategorySet.State | CategorySet.Note);

        Assert.Empty(root.Descendants(Card + "contactCard"));
        Assert.Equal(2, root.Descendants(Note + "note").Count());
    }

    [Fact]
    public void A_dated_out_of_office_note_carries_its_start_and_end_on_the_body_in_utc()
    {
        var dated = new ContactCard
        {
            OutOfOfficeNote = "Maintenance",
            OutOfOfficeStart = new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.FromHours(1)),
            OutOfOfficeEnd = new DateTimeOffset(2026, 3, 11, 16, 0, 0, TimeSpan.Zero),
        };

        var body = Category(Root(dated), "note", "1").Element(Note + "note")!.Element(Note + "body")!;

        Assert.Equal(["type", "startTime", "endTime"], body.Attributes().Select(a => a.Name.LocalName));
        Assert.Equal(("OOF", "2026-03-09T07:00:00.000Z", "2026-03-11T16:00:00.000Z", "Maintenance"),
            (body.Attribute("type")!.Value, body.Attribute("startTime")!.Value, body.Attribute("endTime")!.Value, body.Value));
    }

    [Fact]
    public void An_undated_note_has_no_times()
    {
        var body = Category(Root(BoardCard), "note", "1").Element(Note + "note")!.Element(Note + "body")!;

        Assert.Equal(["type"], body.Attributes().Select(a => a.Name.LocalName));
    }
}
