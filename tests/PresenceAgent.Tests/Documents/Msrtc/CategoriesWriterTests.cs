using System.Text;
using System.Xml.Linq;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Documents.Msrtc;

public sealed class CategoriesWriterTests
{
    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    private static readonly XNamespace State = "http://schemas.microsoft.com/2006/09/sip/state";
    private static readonly XNamespace Card = "http://schemas.microsoft.com/2006/09/sip/contactcard";
    private static readonly XNamespace Note = "http://schemas.microsoft.com/2006/09/sip/note";
    private static readonly XNamespace Service = "http://schemas.microsoft.com/2006/09/sip/service";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private static readonly ContactPresence Room = new()
    {
        Entity = "sip:meet.alice@vc.example.com",
        DisplayName = "Alice's <Room> & Co",
        Description = "Weekly project room — Zürich",
        IconUrl = new Uri("https://vc.example.com/avatars/boardroom.jpg"),
        IconHash = "5f0c2a9d41e7b3c8a6d0f1e2b3c4d5e6",
        State = TestStates.Of(BaseStatus.Available),
        Language = TestStates.English,
        ContactUri = "sip:meet.alice@vc.example.com",
        Timestamp = new DateTimeOffset(2025, 3, 4, 10, 15, 0, 370, TimeSpan.FromHours(1)),
    };

    /// <summary>A gateway alias: no description, the default theme's picture.</summary>
    private static readonly ContactPresence Gateway = new()
    {
        Entity = "sip:+4420712345678@vc.example.com",
        DisplayName = "+4420712345678",
        IconUrl = new Uri("https://vc.example.com/avatars/default.jpg"),
        IconHash = "0123456789abcdef0123456789abcdef",
        State = TestStates.Of(BaseStatus.Available),
        Language = TestStates.English,
        Timestamp = new DateTimeOffset(2025, 3, 4, 9, 15, 0, TimeSpan.Zero),
    };

    private static XElement Root(ContactPresence p, CategorySet set = CategorySet.All) => SafeXml.Parse(CategoriesWriter.ToBytes(p, set)).Root!;

    private static IEnumerable<(string Name, string Instance)> Listed(XElement root) =>
        root.Elements(Categories + "category").Select(c => (c.Attribute("name")!.Value, c.Attribute("instance")!.Value));

    [Fact]
    public void Is_utf8_with_the_categories_root_and_the_entity_uri()
    {
        var bytes = CategoriesWriter.ToBytes(Room, CategorySet.All);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><categories xmlns=\"http://schemas.microsoft.com/2006/09/sip/categories\"",
            Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var root = Root(Room);
        Assert.Equal(Categories + "categories", root.Name);
        Assert.Equal("sip:meet.alice@vc.example.com", root.Attribute("uri")!.Value);
    }

    [Fact]
    public void A_room_has_state_two_contact_cards_note_and_services_in_that_order()
    {
        Assert.Equal([("state", "1"), ("contactCard", "0"), ("contactCard", "6"), ("note", "0"), ("services", "0")], Listed(Root(Room)));
    }

    [Fact]
    public void Every_category_carries_the_publish_time_in_utc_with_milliseconds()
    {
        Assert.All(Root(Room).Elements(Categories + "category"),
            c => Assert.Equal("2025-03-04T09:15:00.370Z", c.Attribute("publishTime")!.Value));
    }

    [Fact]
    public void State_is_an_aggregate_state_with_the_availability_number()
    {
        var state = Root(Room).Descendants(State + "state").Single();
        Assert.Equal("aggregateState", state.Attribute(Xsi + "type")!.Value);
        Assert.Equal("3500", state.Element(State + "availability")!.Value);
    }

    [Theory]
    [InlineData(nameof(BaseStatus.Available), "3500", "Available|Verfügbar|Disponible|Disponible")]
    [InlineData(nameof(BaseStatus.Busy), "6500", "Busy|Beschäftigt|Occupé|Ocupado")]
    [InlineData(nameof(BaseStatus.DoNotDisturb), "9500", "Do not disturb|Nicht stören|Ne pas déranger|No molestar")]
    [InlineData(nameof(BaseStatus.BeRightBack), "12500", "Be right back|Bin gleich zurück|De retour dans quelques minutes|Vuelvo enseguida")]
    [InlineData(nameof(BaseStatus.Away), "15500", "Away|Abwesend|Absent|Ausente")]
    [InlineData(nameof(BaseStatus.Offline), "18500", "Offline|Offline|Hors ligne|Desconectado")]
    public void Each_base_status_has_its_number_no_token_and_its_text_for_every_configured_lcid(string name, string availability, string texts)
    {
        var status = Enum.Parse<BaseStatus>(name);
        var state = Root(Room with { State = TestStates.Of(status) }).Descendants(State + "state").Single();
        Assert.Equal([State + "availability", State + "activity"], state.Elements().Select(e => e.Name));
        Assert.Equal(availability, state.Element(State + "availability")!.Value);

        var activity = state.Element(State + "activity")!;
        Assert.Null(activity.Attribute("token"));
        Assert.All(activity.Elements(), c => Assert.Equal(State + "custom", c.Name));
        Assert.Equal(["1033", "1031", "1036", "3082"], activity.Elements().Select(c => c.Attribute("LCID")!.Value));
        Assert.Equal(texts.Split('|'), activity.Elements().Select(c => c.Value));
    }

    [Fact]
    public void In_a_meeting_carries_lyncs_token_beside_the_texts()
    {
        var activity = Root(Room with { State = TestStates.Resolve(BuiltInStates.InAMeeting) }).Descendants(State + "activity").Single();

        Assert.Equal("6500", activity.Parent!.Element(State + "availability")!.Value);
        Assert.Equal("in-a-meeting", activity.Attribute("token")!.Value);
        Assert.Equal(["In a meeting", "In einer Besprechung", "En réunion", "En una reunión"], activity.Elements(State + "custom").Select(c => c.Value));
    }

    [Fact]
    public void The_texts_are_those_of_the_configured_languages_in_their_order()
    {
        var catalogue = new StateCatalogue(new PresenceLanguages([TestStates.Language("fr-FR"), TestStates.Language("en-US")]), BuiltInStates.All);
        catalogue.TryResolve(BuiltInStates.Full, out var full);

        var activity = Root(Room with { State = full! }).Descendants(State + "activity").Single();

        Assert.Equal(["1036", "1033"], activity.Elements(State + "custom").Select(c => c.Attribute("LCID")!.Value));
        Assert.Equal(["Complet", "Full"], activity.Elements(State + "custom").Select(c => c.Value));
        Assert.Equal("9500", activity.Parent!.Element(State + "availability")!.Value);
    }

    [Fact]
    public void A_state_without_token_or_text_has_no_activity_and_services_follow_its_number()
    {
        var root = Root(Room with { State = TestStates.Of(BaseStatus.Offline) with { Texts = [] } });

        Assert.Empty(root.Descendants(State + "activity"));
        Assert.All(root.Descendants(Service + "capabilities").Elements(), c => Assert.Equal("18500", c.Attribute("deviceAvailability")!.Value));
    }

    [Fact]
    public void The_cards_carry_name_description_and_photo_escaped()
    {
        var root = Root(Room);
        Assert.Equal("Alice's <Room> & Co", root.Descendants(Card + "identity").Single().Element(Card + "name")!.Element(Card + "displayName")!.Value);
        var details = root.Elements(Categories + "category").Single(c => c.Attribute("instance")!.Value == "6").Element(Card + "contactCard")!;
        Assert.Equal(["delimiter", "description", "delimiter", "photo"], details.Elements().Select(e => e.Name.LocalName));
        Assert.All(details.Elements().Where(e => e.Name.LocalName == "delimiter"),
            d => Assert.Equal("http://schemas.microsoft.com/2006/09/sip/commontypes", d.Name.NamespaceName));
        Assert.Equal("Weekly project room — Zürich", details.Element(Card + "description")!.Value);
        var photo = details.Element(Card + "photo")!;
        Assert.Equal("default", photo.Attribute("type")!.Value);
        Assert.Equal("https://vc.example.com/avatars/boardroom.jpg", photo.Element(Card + "uri")!.Value);
        Assert.Equal("5f0c2a9d41e7b3c8a6d0f1e2b3c4d5e6", photo.Element(Card + "hash")!.Value);
    }

    [Fact]
    public void Note_is_the_description_as_a_personal_note_and_services_offer_voice_and_video()
    {
        var root = Root(Room);
        var body = root.Descendants(Note + "body").Single();
        Assert.Equal("personal", body.Attribute("type")!.Value);
        Assert.Equal("Weekly project room — Zürich", body.Value);

        var service = root.Descendants(Service + "service").Single();
        Assert.Equal("sip:meet.alice@vc.example.com", service.Attribute("uri")!.Value);
        var capabilities = service.Element(Service + "capabilities")!.Elements().ToList();
        Assert.Equal(["voice", "video"], capabilities.Select(c => c.Name.LocalName));
        Assert.All(capabilities, c =>
        {
            Assert.Equal("true", c.Attribute("render")!.Value);
            Assert.Equal("true", c.Attribute("capture")!.Value);
            Assert.Equal("3500", c.Attribute("deviceAvailability")!.Value);
        });
    }

    [Theory]
    [InlineData("State", "state")]
    [InlineData("ContactCard", "contactCard,contactCard")]
    [InlineData("State, Note", "state,note")]
    [InlineData("None", "")]
    public void Only_the_requested_categories(string set, string names) =>
        Assert.Equal(names, string.Join(',', Listed(Root(Room, Enum.Parse<CategorySet>(set))).Select(c => c.Name)));

    [Fact]
    public void A_gateway_contact_has_a_details_card_with_only_its_photo_and_no_note()
    {
        var root = Root(Gateway);
        Assert.Equal([("state", "1"), ("contactCard", "0"), ("contactCard", "6"), ("services", "0")], Listed(root));
        var details = root.Elements(Categories + "category").Single(c => c.Attribute("instance")!.Value == "6").Element(Card + "contactCard")!;
        Assert.Equal(["delimiter", "delimiter", "photo"], details.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("https://vc.example.com/avatars/default.jpg", details.Element(Card + "photo")!.Element(Card + "uri")!.Value);
        Assert.Equal("0123456789abcdef0123456789abcdef", details.Element(Card + "photo")!.Element(Card + "hash")!.Value);
    }

    [Fact]
    public void A_contact_with_neither_description_nor_photo_has_no_details_card_and_no_note()
    {
        var bare = Gateway with { IconUrl = null, IconHash = null };
        Assert.Equal([("state", "1"), ("contactCard", "0"), ("services", "0")], Listed(Root(bare)));
        Assert.Empty(Root(bare).Descendants(Card + "photo"));
    }

    [Fact]
    public void A_long_description_is_cut_to_the_card_limit_in_the_card_only()
    {
        var text = new string('x', CategoriesWriter.MaxDescriptionLength - 1) + "😀tail";
        var root = Root(Room with { Description = text });

        Assert.Equal(new string('x', CategoriesWriter.MaxDescriptionLength - 1), root.Descendants(Card + "description").Single().Value);
        Assert.Equal(text, root.Descendants(Note + "body").Single().Value);
    }

    [Fact]
    public void Identical_input_gives_identical_bytes()
    {
        Assert.Equal(CategoriesWriter.ToBytes(Room, CategorySet.All), CategoriesWriter.ToBytes(Room with { }, CategorySet.All));
    }
}
