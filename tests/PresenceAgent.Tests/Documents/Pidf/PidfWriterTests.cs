using System.Buffers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Documents.Xml;
using PresenceAgent.Presence;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Documents.Pidf;

public sealed class PidfWriterTests
{
    private static readonly XNamespace Pidf = "urn:ietf:params:xml:ns:pidf";
    private static readonly XNamespace Dm = "urn:ietf:params:xml:ns:pidf:data-model";
    private static readonly XNamespace Rpid = "urn:ietf:params:xml:ns:pidf:rpid";
    private static readonly XNamespace Cipid = "urn:ietf:params:xml:ns:pidf:cipid";

    private static readonly ContactPresence Full = new()
    {
        Entity = "sip:meet.alice@vc.example.com",
        DisplayName = "Alice's Meeting Room",
        Description = "Alice's weekly project room",
        DescriptionLanguage = "en",
        IconUrl = new Uri("https://vc.example.com/avatars/boardroom.jpg"),
        HomepageUrl = new Uri("https://vc.example.com/webapp/meet.alice"),
        State = TestStates.Of(BaseStatus.Available),
        Language = TestStates.English,
        ContactUri = "sip:meet.alice@vc.example.com",
        Timestamp = new DateTimeOffset(2025, 3, 4, 10, 15, 0, 500, TimeSpan.FromHours(1)),
    };

    private static readonly ContactPresence Minimal = new()
    {
        Entity = "sip:room@example.com",
        DisplayName = "Room",
        State = TestStates.Of(BaseStatus.Available),
        Language = TestStates.English,
        Timestamp = new DateTimeOffset(2025, 3, 4, 9, 15, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Starts_with_a_utf8_declaration_and_no_bom()
    {
        byte[] bytes = PidfWriter.ToBytes(Full);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><presence ", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.NotEqual(0xEF, bytes[0]);
    }

    [Fact]
    public void Uses_the_registered_namespaces()
    {
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Full)).Root!;

        Assert.Equal(Pidf + "presence", root.Name);
        Assert.Equal(Pidf, root.GetDefaultNamespace());
        Assert.Equal(Dm, root.GetNamespaceOfPrefix("dm"));
        Assert.Equal(Rpid, root.GetNamespaceOfPrefix("rpid"));
        Assert.Equal(Cipid, root.GetNamespaceOfPrefix("c"));
    }

    [Fact]
    public void Orders_children_as_the_schemas_require()
    {
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Full with { State = TestStates.Of(BaseStatus.Busy) })).Root!;

        Assert.Equal([Pidf + "tuple", Pidf + "note", Dm + "person"], Names(root));
        XElement tuple = root.Element(Pidf + "tuple")!;
        Assert.Equal([Pidf + "status", Pidf + "contact", Pidf + "timestamp"], Names(tuple));
        Assert.Equal([Pidf + "basic"], Names(tuple.Element(Pidf + "status")!));
        XElement person = root.Element(Dm + "person")!;
        Assert.Equal(
            [Rpid + "activities", Cipid + "display-name", Cipid + "icon", Cipid + "homepage", Dm + "note", Dm + "timestamp"],
            Names(person));
    }

    [Fact]
    public void Writes_the_contact_details()
    {
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Full)).Root!;
        XElement tuple = root.Element(Pidf + "tuple")!;
        XElement person = root.Element(Dm + "person")!;

        Assert.Equal("sip:meet.alice@vc.example.com", (string?)root.Attribute("entity"));
        Assert.Equal("open", tuple.Element(Pidf + "status")!.Element(Pidf + "basic")!.Value);
        Assert.Equal("sip:meet.alice@vc.example.com", tuple.Element(Pidf + "contact")!.Value);
        Assert.Equal("2025-03-04T09:15:00Z", tuple.Element(Pidf + "timestamp")!.Value);
        Assert.Equal("2025-03-04T09:15:00Z", person.Element(Dm + "timestamp")!.Value);
        Assert.Equal("Alice's Meeting Room", person.Element(Cipid + "display-name")!.Value);
        Assert.Equal("https://vc.example.com/avatars/boardroom.jpg", person.Element(Cipid + "icon")!.Value);
        Assert.Equal("https://vc.example.com/webapp/meet.alice", person.Element(Cipid + "homepage")!.Value);
        XElement description = root.Element(Pidf + "note")!;
        Assert.Equal("Alice's weekly project room", description.Value);
        Assert.Equal("en", (string?)description.Attribute(XNamespace.Xml + "lang"));
        XElement status = person.Element(Dm + "note")!;
        Assert.Equal("Available", status.Value);
        Assert.Equal("en-US", (string?)status.Attribute(XNamespace.Xml + "lang"));
    }

    [Fact]
    public void Uses_ids_that_are_valid_xs_id_and_unique()
    {
        XDocument document = SafeXml.Parse(PidfWriter.ToBytes(Full));
        string[] ids = [.. document.Descendants().Attributes("id").Select(a => a.Value)];

        Assert.Equal(2, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (string id in ids)
        {
            Assert.Equal(id, XmlConvert.VerifyNCName(id));
            Assert.False(char.IsAsciiDigit(id[0]));
        }
    }

    [Fact]
    public void Never_sets_must_understand()
    {
        string xml = Encoding.UTF8.GetString(PidfWriter.ToBytes(Full));

        Assert.DoesNotContain("mustUnderstand", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_out_optional_elements_that_are_not_set()
    {
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Minimal with { State = Minimal.State with { Texts = [] } })).Root!;

        Assert.Equal([Pidf + "tuple", Dm + "person"], Names(root));
        Assert.Equal([Pidf + "status", Pidf + "timestamp"], Names(root.Element(Pidf + "tuple")!));
        Assert.Equal([Cipid + "display-name", Dm + "timestamp"], Names(root.Element(Dm + "person")!));
    }

    [Theory]
    [InlineData(nameof(BaseStatus.Available), "open", "", "Available")]
    [InlineData(nameof(BaseStatus.Busy), "open", "busy", "Busy")]
    [InlineData(nameof(BaseStatus.DoNotDisturb), "closed", "busy", "Do not disturb")]
    [InlineData(nameof(BaseStatus.BeRightBack), "open", "away", "Be right back")]
    [InlineData(nameof(BaseStatus.Away), "open", "away", "Away")]
    [InlineData(nameof(BaseStatus.Offline), "closed", "", "Offline")]
    public void Each_base_status_has_its_basic_status_rpid_activities_and_note(string name, string basic, string activities, string note)
    {
        var status = Enum.Parse<BaseStatus>(name);
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Minimal with { State = TestStates.Of(status) })).Root!;

        Assert.Equal(basic, root.Descendants(Pidf + "basic").Single().Value);
        Assert.Equal(activities, string.Join(',', root.Descendants(Rpid + "activities").Elements().Select(e => e.Name.LocalName)));
        Assert.Equal(note, root.Descendants(Dm + "note").Single().Value);
    }

    [Fact]
    public void A_meeting_lists_the_finer_activity_first_and_busy_last_where_linphone_reads_it()
    {
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Minimal with { State = TestStates.Resolve(BuiltInStates.InAMeeting) })).Root!;

        Assert.Equal(["meeting", "busy"], root.Descendants(Rpid + "activities").Elements().Select(e => e.Name.LocalName));
        Assert.Equal("open", root.Descendants(Pidf + "basic").Single().Value);
        Assert.Equal("In a meeting", root.Descendants(Dm + "note").Single().Value);
    }

    [Fact]
    public void Activities_use_the_rpid_prefix_clients_match_on()
    {
        string xml = Encoding.UTF8.GetString(PidfWriter.ToBytes(Minimal with { State = TestStates.Of(BaseStatus.Busy) }));

        Assert.Contains("<rpid:activities><rpid:busy /></rpid:activities>", xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "Busy")]
    [InlineData("de-DE", "Beschäftigt")]
    [InlineData("fr-FR", "Occupé")]
    [InlineData("es-ES", "Ocupado")]
    public void The_person_note_is_the_state_text_in_the_watchers_language(string language, string text)
    {
        XElement note = Note(Minimal with { State = TestStates.Of(BaseStatus.Busy), Language = TestStates.Language(language) });

        Assert.Equal(text, note.Value);
        Assert.Equal(language, (string?)note.Attribute(XNamespace.Xml + "lang"));
    }

    [Theory]
    [InlineData(null, "en-US", "In a meeting")]
    [InlineData("de", "de-DE", "In einer Besprechung")]
    [InlineData("de-CH, fr;q=0.8", "de-DE", "In einer Besprechung")]
    [InlineData("fr-CA;q=0.5, es", "es-ES", "En una reunión")]
    [InlineData("it-IT, fr;q=0.9", "fr-FR", "En réunion")]
    [InlineData("ja", "en-US", "In a meeting")]
    [InlineData("*", "en-US", "In a meeting")]
    public void Accept_language_picks_the_note_and_its_xml_lang(string? acceptLanguage, string language, string text)
    {
        var watcher = PresenceLanguages.Default.Negotiate(acceptLanguage is null ? null : [acceptLanguage]);
        XElement note = Note(Minimal with { State = TestStates.Resolve(BuiltInStates.InAMeeting), Language = watcher });

        Assert.Equal(text, note.Value);
        Assert.Equal(language, (string?)note.Attribute(XNamespace.Xml + "lang"));
    }

    [Fact]
    public void A_state_without_the_watchers_language_speaks_its_first_with_that_xml_lang()
    {
        var state = TestStates.Of(BaseStatus.Offline) with { Texts = [new(TestStates.Language("fr-FR"), "Fermé")] };
        XElement note = Note(Minimal with { State = state, Language = TestStates.Language("de-DE") });

        Assert.Equal("Fermé", note.Value);
        Assert.Equal("fr-FR", (string?)note.Attribute(XNamespace.Xml + "lang"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>&\"'")]
    [InlineData("Café Zürich")]
    [InlineData("Salle 🎥 Réunion 日本語")]
    [InlineData("]]> <![CDATA[ x ]]>")]
    [InlineData("&amp; &#x0; &lt;")]
    public void Escaped_text_round_trips_exactly(string text)
    {
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Minimal with
        {
            DisplayName = text,
            Description = text,
            State = TestStates.WithText(BaseStatus.Busy, text),
        })).Root!;

        Assert.Equal(text, root.Descendants(Cipid + "display-name").Single().Value);
        Assert.Equal(text, root.Element(Pidf + "note")!.Value);
        Assert.Equal(text, root.Descendants(Dm + "note").Single().Value);
    }

    [Fact]
    public void Markup_in_text_never_becomes_markup()
    {
        string xml = Encoding.UTF8.GetString(PidfWriter.ToBytes(Minimal with { DisplayName = "<script>x</script>" }));

        Assert.DoesNotContain("<script>", xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Room\0Name", "RoomName")]
    [InlineData("Bell\u0007\u001b[31m", "Bell[31m")]
    [InlineData("Line\r\nbreak\ttab", "Line  break tab")]
    [InlineData("C1\u0085\u009f", "C1")]
    [InlineData("Non\ufffe\uffffchars", "Nonchars")]
    [InlineData("\u0001\u0002", "")]
    public void Characters_xml_cannot_carry_are_stripped(string text, string expected)
    {
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Minimal with { DisplayName = "n", Description = text })).Root!;

        Assert.Equal(expected, root.Element(Pidf + "note")?.Value ?? string.Empty);
    }

    [Fact]
    public void Lone_surrogates_are_stripped_and_pairs_kept()
    {
        // Not an InlineData case: attribute strings are stored as UTF-8, which cannot hold a lone surrogate.
        string text = "Lone\ud800surrogate\udc00 pair \ud83c\udfa5 end\ud83c";
        XElement root = SafeXml.Parse(PidfWriter.ToBytes(Minimal with { DisplayName = text })).Root!;

        Assert.Equal("Lonesurrogate pair \ud83c\udfa5 end", root.Descendants(Cipid + "display-name").Single().Value);
    }

    [Fact]
    public void Any_text_yields_a_well_formed_document()
    {
        var random = new Random(4711);
        for (int round = 0; round < 300; round++)
        {
            char[] chars = new char[random.Next(0, 40)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)random.Next(0, 0x10000);
            }

            string text = new(chars);
            XDocument document = SafeXml.Parse(PidfWriter.ToBytes(Minimal with
            {
                DisplayName = text,
                Description = text,
                State = TestStates.WithText(BaseStatus.Away, text),
            }));

            Assert.Equal(XmlSafeText.Clean(text), document.Root!.Element(Pidf + "note")?.Value ?? string.Empty);
            Assert.Equal(XmlSafeText.Clean(text), document.Descendants(Dm + "note").SingleOrDefault()?.Value ?? string.Empty);
        }
    }

    [Fact]
    public void Appends_to_a_buffer_writer_after_existing_content()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("prefix"u8);

        PidfWriter.Write(Full, buffer);

        Assert.True(buffer.WrittenSpan.StartsWith("prefix<?xml"u8));
        Assert.Equal(PidfWriter.ToBytes(Full), buffer.WrittenSpan[6..].ToArray());
    }

    [Fact]
    public void Reused_buffers_give_identical_documents_across_threads()
    {
        byte[] expectedFull = PidfWriter.ToBytes(Full);
        byte[] expectedMinimal = PidfWriter.ToBytes(Minimal);

        Parallel.For(0, 200, i =>
        {
            bool full = i % 2 == 0;
            Assert.Equal(full ? expectedFull : expectedMinimal, PidfWriter.ToBytes(full ? Full : Minimal));
        });
    }

    private static XElement Note(ContactPresence presence) =>
        SafeXml.Parse(PidfWriter.ToBytes(presence)).Root!.Element(Dm + "person")!.Element(Dm + "note")!;

    private static XName[] Names(XElement element) => [.. element.Elements().Select(e => e.Name)];
}
