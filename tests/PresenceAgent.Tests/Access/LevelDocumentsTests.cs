using System.Xml.Linq;
using PresenceAgent.Access;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Access;

/// <summary>What each level sees of a room with a full card, in PIDF and msrtc, and that each view is rendered once.</summary>
public sealed class LevelDocumentsTests
{
    private static readonly XNamespace Pidf = "urn:ietf:params:xml:ns:pidf";
    private static readonly XNamespace Dm = "urn:ietf:params:xml:ns:pidf:data-model";
    private static readonly XNamespace Cipid = "urn:ietf:params:xml:ns:pidf:cipid";
    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    private static readonly XNamespace Card = "http://schemas.microsoft.com/2006/09/sip/contactcard";
    private static readonly XNamespace State = "http://schemas.microsoft.com/2006/09/sip/state";
    private static readonly XNamespace Note = "http://schemas.microsoft.com/2006/09/sip/note";

    private static readonly Contact Board = new()
    {
        Kind = ContactKind.Vmr,
        Key = "board",
        DisplayName = "Board Room",
        Description = "Video room, 12 seats",
        Homepage = new Uri("https://vc.example.com/webapp/board"),
        Theme = "boardroom",
        Card = new ContactCard
        {
            Email = "board.room@example.com",
            Title = "Virtual meeting room",
            Company = "Example GmbH",
            Phones = [new("work", "+4930901820"), new("mobile", "+4915112345678")],
            Office = "Berlin 4.12",
            WorkAddress = "Example Street 1, 10115 Berlin",
            WebSite = new Uri("https://intranet.example.com/rooms/board"),
            Note = "Dial in and enter PIN 1234#",
            OutOfOfficeNote = "Closed for maintenance from 9 to 11 March",
        },
        Since = TestSubscriptions.AliceRoom.Since,
    };

    private readonly PresenceBodies _bodies = new(theme => new AvatarLink(new Uri($"https://pa.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef"));

    private ReadOnlyMemory<byte> Body(AccessLevel level, DocumentFormat format) =>
        _bodies.For(Board, "sip:board@vc.example.com", format, CategorySet.All, level).Body;

    private XElement Document(AccessLevel level, DocumentFormat format) => SafeXml.Parse(Body(level, format).ToArray()).Root!;

    [Fact]
    public void Public_sees_the_name_availability_email_title_and_company_in_msrtc_and_no_phone_office_site_or_note()
    {
        var doc = Document(AccessLevel.Public, DocumentFormat.MsrtcCategories);
        var identity = doc.Descendants(Card + "contactCard").First();

        Assert.Equal("3500", doc.Descendants(State + "availability").Single().Value);
        Assert.Equal("Board Room", identity.Descendants(Card + "displayName").Single().Value);
        Assert.Equal("board.room@example.com", identity.Descendants(Card + "email").Single().Value);
        Assert.Equal("Virtual meeting room", identity.Element(Card + "title")!.Value);
        Assert.Equal("Example GmbH", identity.Element(Card + "company")!.Value);
        Assert.Empty(doc.Descendants(Card + "phone"));
        Assert.Empty(doc.Descendants(Card + "office"));
        Assert.Empty(doc.Descendants(Card + "address"));
        Assert.Empty(doc.Descendants(Card + "url"));
        Assert.Equal("https://pa.example.com/avatars/boardroom.jpg", doc.Descendants(Card + "photo").Single().Element(Card + "uri")!.Value);

        // The description stands in for the personal note it may not see; the out-of-office note is not there.
        Assert.Equal(["Video room, 12 seats"], doc.Descendants(Note + "body").Select(b => b.Value));
    }

    [Fact]
    public void Company_adds_phones_office_address_site_and_both_notes_in_msrtc()
    {
        var doc = Document(AccessLevel.Company, DocumentFormat.MsrtcCategories);

        Assert.Equal(["work:tel:+4930901820", "mobile:tel:+4915112345678"],
            doc.Descendants(Card + "phone").Select(p => $"{(string?)p.Attribute("type")}:{p.Element(Card + "uri")!.Value}"));
        Assert.Equal("Berlin 4.12", doc.Descendants(Card + "office").Single().Value);
        Assert.Equal("Example Street 1, 10115 Berlin", doc.Descendants(Card + "street").Single().Value);
        Assert.Equal("https://intranet.example.com/rooms/board", doc.Descendants(Card + "url").Single().Value);
        Assert.Equal(["personal:Dial in and enter PIN 1234#", "OOF:Closed for maintenance from 9 to 11 March"],
            doc.Descendants(Note + "body").Select(b => $"{(string?)b.Attribute("type")}:{b.Value}"));
    }

    [Fact]
    public void Public_and_company_differ_in_pidf_by_the_notes_and_the_web_site()
    {
        var open = Document(AccessLevel.Public, DocumentFormat.Pidf);
        var colleague = Document(AccessLevel.Company, DocumentFormat.Pidf);

        Assert.Equal("open", open.Descendants(Pidf + "basic").Single().Value);
        Assert.Equal("Board Room", open.Descendants(Cipid + "display-name").Single().Value);
        Assert.Equal("https://pa.example.com/avatars/boardroom.jpg", open.Descendants(Cipid + "icon").Single().Value);
        Assert.Equal("https://vc.example.com/webapp/board", open.Descendants(Cipid + "homepage").Single().Value);
        Assert.Equal(["Video room, 12 seats"], open.Elements(Pidf + "note").Select(n => n.Value));
        Assert.Equal(["Closed for maintenance from 9 to 11 March", "Dial in and enter PIN 1234#"], colleague.Elements(Pidf + "note").Select(n => n.Value));
    }

    [Fact]
    public void Without_a_homepage_pidf_shows_the_web_site_only_to_levels_that_see_it()
    {
        var noHomepage = new Contact
        {
            Kind = Board.Kind,
            Key = Board.Key,
            DisplayName = Board.DisplayName,
            Card = Board.Card,
            Since = Board.Since,
        };

        XElement Doc(AccessLevel level) => SafeXml.Parse(_bodies.For(noHomepage, "sip:board@vc.example.com", DocumentFormat.Pidf, CategorySet.All, level).Body.ToArray()).Root!;

        Assert.Empty(Doc(AccessLevel.Public).Descendants(Cipid + "homepage"));
        Assert.Equal("https://intranet.example.com/rooms/board", Doc(AccessLevel.Team).Descendants(Cipid + "homepage").Single().Value);
    }

    [Theory]
    [InlineData(nameof(DocumentFormat.Pidf))]
    [InlineData(nameof(DocumentFormat.MsrtcCategories))]
    [InlineData(nameof(DocumentFormat.Xpidf))]
    public void Blocked_sees_offline_and_nothing_else(string formatName)
    {
        var format = Enum.Parse<DocumentFormat>(formatName);
        var text = System.Text.Encoding.UTF8.GetString(Body(AccessLevel.Blocked, format).Span);
        foreach (var leak in new[] { "Board Room", "board.room", "Virtual meeting room", "Example GmbH", "+49", "Berlin", "intranet", "PIN", "maintenance",
            "avatars", "webapp", "Video room" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }

        // xpidf carries a DOCTYPE, which the safe parser refuses: its status is read as text.
        var doc = format == DocumentFormat.Xpidf ? null : SafeXml.Parse(Body(AccessLevel.Blocked, format).ToArray()).Root!;
        switch (format)
        {
            case DocumentFormat.Pidf:
                Assert.Equal("closed", doc!.Descendants(Pidf + "basic").Single().Value);
                Assert.Empty(doc.Elements(Pidf + "note"));
                Assert.Empty(doc.Descendants(Cipid + "display-name"));
                break;
            case DocumentFormat.MsrtcCategories:
                Assert.Equal(["state"], doc!.Elements(Categories + "category").Select(c => (string?)c.Attribute("name")));
                Assert.Equal("18500", doc.Descendants(State + "availability").Single().Value);
                break;
            default:
                Assert.Contains("<status status=\"closed\"", text, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public void Each_view_is_rendered_once_and_levels_that_see_the_same_share_it()
    {
        var team = Body(AccessLevel.Team, DocumentFormat.MsrtcCategories);
        var personal = Body(AccessLevel.Personal, DocumentFormat.MsrtcCategories);
        var company = Body(AccessLevel.Company, DocumentFormat.MsrtcCategories);
        var publicly = Body(AccessLevel.Public, DocumentFormat.MsrtcCategories);
        var blocked = Body(AccessLevel.Blocked, DocumentFormat.MsrtcCategories);

        // Company sees everything by default, as Team and Personal do: one document for the three.
        Assert.True(team.Span == personal.Span && team.Span == company.Span);
        Assert.True(publicly.Span == Body(AccessLevel.Public, DocumentFormat.MsrtcCategories).Span);
        Assert.False(publicly.Span.SequenceEqual(team.Span));
        Assert.False(blocked.Span.SequenceEqual(publicly.Span));
        Assert.Equal(3, _bodies.CachedCount);
    }

    [Fact]
    public void Levels_that_differ_only_in_what_a_room_lacks_share_its_document()
    {
        var bare = new Contact { Kind = ContactKind.Vmr, Key = "bare", DisplayName = "Bare Room", Since = Board.Since };

        var publicly = _bodies.For(bare, "sip:bare@vc.example.com", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Public).Body;
        var personal = _bodies.For(bare, "sip:bare@vc.example.com", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal).Body;

        Assert.True(publicly.Span == personal.Span);
        Assert.Equal(1, _bodies.CachedCount);
    }

    [Fact]
    public void The_meeting_under_way_is_for_Company_and_up_and_a_room_without_one_shares_its_document_across_them()
    {
        using var live = new LivePresence(StateCatalogue.BuiltIn, TimeSpan.FromSeconds(150), new ManualTimeProvider(), NullLogger<LivePresence>.Instance);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri("https://pa.example.com/avatars/default.jpg"), "0123456789abcdef"), live: live);
        var bare = new Contact { Kind = ContactKind.Vmr, Key = "bare", DisplayName = "Bare Room", Since = Board.Since };
        string Msrtc(AccessLevel level) =>
            System.Text.Encoding.UTF8.GetString(bodies.For(bare, "sip:bare@vc.example.com", DocumentFormat.MsrtcCategories, CategorySet.All, level).Body.Span);

        Assert.Equal(Msrtc(AccessLevel.Public), Msrtc(AccessLevel.Company));
        Assert.Equal(1, bodies.CachedCount);

        live.SetMeeting(bare, new Meeting("Quarterly review", "Berlin HQ"), "test");
        var company = SafeXml.Parse(System.Text.Encoding.UTF8.GetBytes(Msrtc(AccessLevel.Company))).Root!;
        var publicly = SafeXml.Parse(System.Text.Encoding.UTF8.GetBytes(Msrtc(AccessLevel.Public))).Root!;
        Assert.Equal("Quarterly review", company.Descendants(State + "meetingSubject").Single().Value);
        Assert.Equal("Berlin HQ", company.Descendants(State + "meetingLocation").Single().Value);
        Assert.Empty(publicly.Descendants(State + "meetingSubject"));
        Assert.Empty(publicly.Descendants(State + "meetingLocation"));
        Assert.Equal("3500", publicly.Descendants(State + "availability").Single().Value);
    }
}
