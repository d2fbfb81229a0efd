using System.Text;
using System.Xml.Linq;
using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>The documents a contact's NOTIFYs carry: which avatar, which entity, and when one is shared.</summary>
public sealed class PresenceBodiesTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef";

    private static readonly XNamespace Cipid = "urn:ietf:params:xml:ns:pidf:cipid";
    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    private static readonly XNamespace Card = "http://schemas.microsoft.com/2006/09/sip/contactcard";
    private static readonly XNamespace Pidf = "urn:ietf:params:xml:ns:pidf";
    private static readonly XNamespace Dm = "urn:ietf:params:xml:ns:pidf:data-model";
    private static readonly XNamespace Rpid = "urn:ietf:params:xml:ns:pidf:rpid";
    private static readonly XNamespace State = "http://schemas.microsoft.com/2006/09/sip/state";

    private static readonly Contact Gateway = new()
    {
        Kind = ContactKind.Gateway,
        Key = "+4420712345678@vc.test",
        DisplayName = "+4420712345678",
        RuleName = "pstn",
        Destination = "4420712345678@pstn.example.com",
        Since = TestSubscriptions.AliceRoom.Since,
    };

    private static readonly Contact TownHall = new()
    {
        Kind = ContactKind.Auditorium,
        Key = "townhall",
        DisplayName = "Town Hall",
        Since = TestSubscriptions.AliceRoom.Since,
    };

    private readonly PresenceBodies _bodies = new(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), Hash));

    private XElement Document(Contact contact, string entity, DocumentFormat format = DocumentFormat.Pidf) =>
        SafeXml.Parse(_bodies.For(contact, entity, format, CategorySet.All, AccessLevel.Personal).Body.ToArray()).Root!;

    [Fact]
    public void A_contacts_card_reaches_both_formats_and_its_documents_stay_shared()
    {
        var board = new Contact
        {
            Kind = ContactKind.Vmr,
            Key = "board",
            DisplayName = "Board Room",
            Card = new ContactCard { Phones = [new("work", "+4930901820")], WebSite = new Uri("https://intranet.example.com/board") },
            Since = TestSubscriptions.AliceRoom.Since,
        };

        var phone = Document(board, "sip:board@vc.example.com", DocumentFormat.MsrtcCategories).Descendants(Card + "phone").Single();
        Assert.Equal("tel:+4930901820", phone.Element(Card + "uri")!.Value);
        Assert.Equal("https://intranet.example.com/board", Document(board, "sip:board@vc.example.com").Descendants(Cipid + "homepage").Single().Value);

        // One body per contact and format, whoever watches: the card adds nothing per subscription.
        var first = _bodies.For(board, "sip:board@vc.example.com", DocumentFormat.MsrtcCategories, CategorySet.All, AccessLevel.Personal).Body;
        var second = _bodies.For(board, "sip:board@vc.example.com", DocumentFormat.MsrtcCategories, CategorySet.All, AccessLevel.Personal).Body;
        Assert.True(first.Span == second.Span);
    }

    [Fact]
    public void A_gateway_contact_shows_the_default_themes_avatar_as_pidf_icon_and_as_categories_photo_with_its_hash()
    {
        Assert.Equal("http://presence.example.com/avatars/default.jpg",
            Document(Gateway, "sip:+4420712345678@vc.example.com").Descendants(Cipid + "icon").Single().Value);

        var photo = Document(Gateway, "sip:+4420712345678@vc.example.com", DocumentFormat.MsrtcCategories).Descendants(Card + "photo").Single();
        Assert.Equal("default", (string?)photo.Attribute("type"));
        Assert.Equal("http://presence.example.com/avatars/default.jpg", photo.Element(Card + "uri")!.Value);
        Assert.Equal(Hash, photo.Element(Card + "hash")!.Value);
    }

    [Fact]
    public void A_service_shows_its_themes_avatar_and_one_without_a_theme_the_default()
    {
        Assert.Equal("http://presence.example.com/avatars/boardroom.jpg",
            Document(TestSubscriptions.AliceRoom, "sip:meet.alice@vc.example.com").Descendants(Cipid + "icon").Single().Value);
        Assert.Equal("http://presence.example.com/avatars/default.jpg",
            Document(TownHall, "sip:townhall@vc.test").Descendants(Cipid + "icon").Single().Value);
    }

    [Theory]
    [InlineData("sip:TownHall@VC.Test", "sip:TownHall@vc.test", false)]
    [InlineData("sip:town%68all@vc.test", "sip:townhall@vc.test", false)]
    [InlineData("sip:+4420712345678@VC.example.com", "sip:+4420712345678@vc.example.com", true)]
    public void The_entity_is_the_uri_as_addressed_in_canonical_form(string addressed, string entity, bool gateway)
    {
        var contact = gateway ? Gateway : TownHall;
        Assert.Equal(entity, (string?)Document(contact, addressed).Attribute("entity"));
        Assert.Equal(entity, (string?)Document(contact, addressed, DocumentFormat.MsrtcCategories).Attribute("uri"));
    }

    [Fact]
    public void Equivalent_spellings_share_one_document_and_case_variants_its_slot_each_with_its_own_entity()
    {
        var first = _bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal).Body;
        var escaped = _bodies.For(TownHall, "sip:town%68all@VC.TEST", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal).Body;
        Assert.True(first.Span == escaped.Span, "an equivalent spelling gets the cached array");

        var variant = _bodies.For(TownHall, "sip:TownHall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal).Body;
        Assert.Equal("sip:TownHall@vc.test", (string?)SafeXml.Parse(variant.ToArray()).Root!.Attribute("entity"));
        Assert.Equal("sip:townhall@vc.test", (string?)SafeXml.Parse(first.ToArray()).Root!.Attribute("entity"));
        Assert.Equal(1, _bodies.CachedCount);
    }

    [Fact]
    public void Batches_naming_an_alias_in_ever_new_spellings_add_nothing_to_the_cache()
    {
        var first = Batch("sip:townhall@vc.test");
        _bodies.ForList(first, 0, ended: null, DocumentFormat.MsrtcCategories, CategorySet.All, _ => AccessLevel.Personal);
        Assert.Equal(1, _bodies.CachedCount);

        foreach (var n in Enumerable.Range(1, 255))
        {
            var user = string.Concat("townhall".Select((c, i) => ((n >> i) & 1) == 0 ? c : char.ToUpperInvariant(c)));
            var (contentType, body) = _bodies.ForList(Batch($"sip:{user}@VC.test"), 0, ended: null, DocumentFormat.MsrtcCategories, CategorySet.All, _ => AccessLevel.Personal);
            var part = MultipartBody.Parse(contentType, body.ToArray()).Parts[1];
            Assert.Equal($"sip:{user}@vc.test", (string?)SafeXml.Parse(part.Body).Root!.Attribute("uri"));
        }

        Assert.Equal(1, _bodies.CachedCount);
    }

    /// <summary>A Lync batch naming Town Hall as <paramref name="uri"/>, with the entity the list directory gives it.</summary>
    private static ResourceList Batch(string uri) =>
        new("sip:bob@vc.test", "vc.test", name: null, [new ListResource(uri, TownHall, uri)]);

    [Fact]
    public void Each_format_category_set_domain_and_contact_has_its_own_document()
    {
        _bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal);
        _bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.MsrtcCategories, CategorySet.All, AccessLevel.Personal);
        _bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.MsrtcCategories, CategorySet.State, AccessLevel.Personal);
        _bodies.For(TownHall, "sip:townhall@vc.example.com", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal);
        _bodies.For(TestSubscriptions.AliceRoom, "sip:townhall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal);
        _bodies.For(Gateway, "sip:+4420712345678@vc.example.com", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal);

        // The gateway's is built per NOTIFY and never held.
        Assert.Equal(5, _bodies.CachedCount);
    }

    [Fact]
    public void A_service_shows_its_default_status_in_every_format()
    {
        var full = Room(TestStates.Resolve(BuiltInStates.Full));

        var pidf = Document(full, "sip:townhall@vc.test");
        Assert.Equal("closed", pidf.Descendants(Pidf + "basic").Single().Value);
        Assert.Equal(["busy"], pidf.Descendants(Rpid + "activities").Elements().Select(e => e.Name.LocalName));
        Assert.Equal("Full", pidf.Descendants(Dm + "note").Single().Value);

        Assert.Equal("9500", Document(full, "sip:townhall@vc.test", DocumentFormat.MsrtcCategories).Descendants(State + "availability").Single().Value);

        var xpidf = Encoding.UTF8.GetString(_bodies.For(full, "sip:townhall@vc.test", DocumentFormat.Xpidf, CategorySet.All, AccessLevel.Personal).Body.Span);
        Assert.Contains("<status status=\"inuse\" /><msnsubstatus substatus=\"busy\" />", xpidf, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offline_default_status_closes_the_pidf_basic_status()
    {
        var closed = Room(TestStates.Of(BaseStatus.Offline));

        Assert.Equal("closed", Document(closed, "sip:townhall@vc.test").Descendants(Pidf + "basic").Single().Value);
    }

    [Theory]
    [InlineData(null, "en-US", "Available")]
    [InlineData("de-DE", "de-DE", "Verfügbar")]
    [InlineData("fr-FR", "fr-FR", "Disponible")]
    [InlineData("es-ES", "es-ES", "Disponible")]
    public void The_pidf_note_is_in_the_watchers_language_the_first_configured_by_default(string? language, string tag, string text)
    {
        var body = _bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal,
            language is null ? null : TestStates.Language(language)).Body;
        var note = SafeXml.Parse(body.ToArray()).Root!.Descendants(Dm + "note").Single();

        Assert.Equal(text, note.Value);
        Assert.Equal(tag, (string?)note.Attribute(XNamespace.Xml + "lang"));
    }

    [Fact]
    public void Each_language_has_its_own_pidf_document_and_the_default_is_the_first_configured()
    {
        var german = _bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal, TestStates.Language("de-DE")).Body;
        var english = _bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal, TestStates.English).Body;
        var unspecified = _bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal).Body;

        Assert.False(german.Span == english.Span);
        Assert.True(english.Span == unspecified.Span, "no language is the first configured one, and shares its document");
        Assert.Equal(2, _bodies.CachedCount);
    }

    [Theory]
    [InlineData("MsrtcCategories")]
    [InlineData("Xpidf")]
    public void Formats_that_do_not_pick_a_language_share_one_document_across_languages(string formatName)
    {
        var format = Enum.Parse<DocumentFormat>(formatName);

        var german = _bodies.For(TownHall, "sip:townhall@vc.test", format, CategorySet.All, AccessLevel.Personal, TestStates.Language("de-DE")).Body;
        var french = _bodies.For(TownHall, "sip:townhall@vc.test", format, CategorySet.All, AccessLevel.Personal, TestStates.Language("fr-FR")).Body;

        Assert.True(german.Span == french.Span, "one cached document");
        Assert.Equal(1, _bodies.CachedCount);
    }

    [Fact]
    public void A_cached_document_is_built_again_when_the_avatar_revision_moves()
    {
        var hash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        long revision = 0;
        var bodies = new PresenceBodies(_ => new AvatarLink(new Uri("http://presence.example.com/avatars/default.jpg"), hash),
            avatarRevision: () => revision);
        string PhotoHash() => SafeXml.Parse(bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.MsrtcCategories, CategorySet.All, AccessLevel.Personal).Body.ToArray())
            .Root!.Descendants(Card + "hash").Single().Value;

        Assert.Equal(hash, PhotoHash());
        hash = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        var cached = PhotoHash();
        revision++;

        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", cached);
        Assert.Equal(hash, PhotoHash());
        Assert.Equal(1, bodies.CachedCount);
    }

    [Fact]
    public void The_configured_languages_decide_the_default_and_what_a_watcher_negotiates()
    {
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri("http://presence.example.com/avatars/default.jpg"), Hash),
            () => TestConfigurations.Snapshot(new ContactDirectory([], PresenceAgent.RoutingRules.RoutingRuleSet.CreateOrThrow([]), DateTimeOffset.UnixEpoch),
                states: new StateCatalogue(new PresenceLanguages([TestStates.Language("fr-FR"), TestStates.English]), BuiltInStates.All)));

        var note = SafeXml.Parse(bodies.For(TownHall, "sip:townhall@vc.test", DocumentFormat.Pidf, CategorySet.All, AccessLevel.Personal).Body.ToArray())
            .Root!.Descendants(Dm + "note").Single();

        Assert.Equal(("Disponible", "fr-FR"), (note.Value, (string?)note.Attribute(XNamespace.Xml + "lang")));
        Assert.Equal("en-US", bodies.Languages.Negotiate(["en-GB, fr;q=0.5"]).Tag);
    }

    [Fact]
    public void A_list_renders_its_members_in_the_watchers_language()
    {
        var (contentType, body) = _bodies.ForList(Batch("sip:townhall@vc.test"), 0, ended: null, DocumentFormat.Pidf, CategorySet.All, _ => AccessLevel.Personal,
            TestStates.Language("es-ES"));

        var part = MultipartBody.Parse(contentType, body.ToArray()).Parts[1];
        Assert.Equal("Disponible", SafeXml.Parse(part.Body).Root!.Descendants(Dm + "note").Single().Value);
        Assert.Equal("es-ES", (string?)SafeXml.Parse(part.Body).Root!.Descendants(Dm + "note").Single().Attribute(XNamespace.Xml + "lang"));
    }

    private static Contact Room(PresenceState state) => new()
    {
        Kind = ContactKind.Vmr,
        Key = "room",
        DisplayName = "Room",
        DefaultState = state,
        Since = TestSubscriptions.AliceRoom.Since,
    };
}
