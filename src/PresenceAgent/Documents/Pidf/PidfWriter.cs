using System.Buffers;
using System.Globalization;
using System.Xml;
using PresenceAgent.Documents.Xml;
using PresenceAgent.Presence;

namespace PresenceAgent.Documents.Pidf;

/// <summary>
/// Writes <c>application/pidf+xml</c> (RFC 3863) for one contact: one SIP service tuple, presence-level notes
/// (out-of-office, then the personal note or the description), and a data-model person (RFC 4479) carrying the state's
/// RPID (RFC 4480) activities (with the meeting's subject as their note), the meeting's location as its place type, the
/// state's text in the watcher's language as the person's note (what SIP clients show as the status message), and CIPID
/// (RFC 4482) details.
/// </summary>
internal static class PidfWriter
{
    public const string ContentType = DocumentFormats.PidfType;

    /// <summary>
    /// Tuple and person ids are xs:ID (RFC 3863 §4.1.2), so they must start with a letter: a strict
    /// server rejected a digit-first id (pjsip #938). They are constant so watchers can match the
    /// same service and person across NOTIFYs.
    /// </summary>
    public const string TupleId = "svc-sip";

    public const string PersonId = "person";

    /// <summary>The document as a new array.</summary>
    public static byte[] ToBytes(ContactPresence presence) => XmlDocumentOutput.ToBytes(presence, Write);

    /// <summary>Appends the UTF-8 document (no BOM) to <paramref name="output"/>.</summary>
    public static void Write(ContactPresence presence, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(presence);
        using var xml = XmlDocumentOutput.Start(output);

        string? description = presence.Description is null ? null : XmlSafeText.Clean(presence.Description);
        string timestamp = FormatTimestamp(presence.Timestamp);

        // RFC 3863 §4.1.1: presence = tuple*, note*, then extensions (the dm:person).
        // No mustUnderstand anywhere: a watcher that does not know RPID/CIPID must still show the rest.
        xml.WriteStartElement("presence", PidfNamespaces.Pidf);
        xml.WriteAttributeString("xmlns", "dm", null, PidfNamespaces.DataModel);
        xml.WriteAttributeString("xmlns", "rpid", null, PidfNamespaces.Rpid);
        xml.WriteAttributeString("xmlns", "c", null, PidfNamespaces.Cipid);
        xml.WriteAttributeString("entity", presence.Entity);

        WriteTuple(xml, presence, timestamp);

        // Presence-level notes, the out-of-office one first: PIDF has no note types and most clients show only the
        // first note, which should be the notice Lync too puts before the personal note. The personal note replaces
        // the description, as in the categories document.
        if (presence.Card.OutOfOfficeNote is { } oof && XmlSafeText.Clean(oof) is { Length: > 0 } oofText)
        {
            WriteNote(xml, prefix: null, PidfNamespaces.Pidf, oofText, presence.DescriptionLanguage);
        }

        var personal = presence.Card.Note is { } note ? XmlSafeText.Clean(note) : description;
        if (!string.IsNullOrEmpty(personal))
        {
            WriteNote(xml, prefix: null, PidfNamespaces.Pidf, personal, presence.DescriptionLanguage);
        }

        WritePerson(xml, presence, timestamp);
        xml.WriteEndElement();
    }

    // RFC 3863 §4.1.2: tuple = status, extensions, contact?, note*, timestamp?
    private static void WriteTuple(XmlWriter xml, ContactPresence presence, string timestamp)
    {
        xml.WriteStartElement("tuple", PidfNamespaces.Pidf);
        xml.WriteAttributeString("id", TupleId);

        xml.WriteStartElement("status", PidfNamespaces.Pidf);
        xml.WriteElementString("basic", PidfNamespaces.Pidf, presence.State.IsOpen ? "open" : "closed");
        xml.WriteEndElement();

        if (presence.ContactUri is not null)
        {
            xml.WriteElementString("contact", PidfNamespaces.Pidf, presence.ContactUri);
        }

        xml.WriteElementString("timestamp", PidfNamespaces.Pidf, timestamp);
        xml.WriteEndElement();
    }

    // RFC 4479 person = extensions (RPID, CIPID) in any order, then dm:note*, then dm:timestamp?
    private static void WritePerson(XmlWriter xml, ContactPresence presence, string timestamp)
    {
        xml.WriteStartElement("dm", "person", PidfNamespaces.DataModel);
        xml.WriteAttributeString("id", PersonId);

        // The "rpid" prefix matters: some clients (baresip) find activities by matching "<rpid:busy/>" in the text.
        // The meeting's subject is the activities' note, which RFC 4480 §3.2 gives to describe what the person is doing;
        // without an activity the note stands alone (the schema's choice of activities may be empty).
        var activities = presence.State.Meaning.RpidActivities;
        var meeting = presence.Card.Meeting;
        var subject = meeting?.Subject is { } s ? XmlSafeText.Clean(s) : "";
        if (!activities.IsEmpty || subject.Length > 0)
        {
            xml.WriteStartElement("rpid", "activities", PidfNamespaces.Rpid);
            if (subject.Length > 0)
            {
                WriteNote(xml, "rpid", PidfNamespaces.Rpid, subject, language: null);
            }

            foreach (var activity in activities)
            {
                xml.WriteStartElement("rpid", activity, PidfNamespaces.Rpid);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        // RPID has no element for a place's name; place-type (RFC 4480 §3.6) takes a type from RFC 4589's registry or,
        // for a place the registry lacks, free text in its other element: the meeting's location is that text.
        if (meeting?.Location is { } where && XmlSafeText.Clean(where) is { Length: > 0 } location)
        {
            xml.WriteStartElement("rpid", "place-type", PidfNamespaces.Rpid);
            WriteNote(xml, "rpid", PidfNamespaces.Rpid, location, language: null, "other");
            xml.WriteEndElement();
        }

        // RFC 4482 §3.2 display-name, §3.4 icon, §3.3 homepage: plain strings / URIs, no xml:lang.
        string displayName = XmlSafeText.Clean(presence.DisplayName);
        if (displayName.Length > 0)
        {
            xml.WriteElementString("c", "display-name", PidfNamespaces.Cipid, displayName);
        }

        if (presence.IconUrl is not null)
        {
            xml.WriteElementString("c", "icon", PidfNamespaces.Cipid, presence.IconUrl.AbsoluteUri);
        }

        // The web site stands in for an unset homepage: CIPID has one web page per person (card is a vCard, not a page).
        if ((presence.HomepageUrl ?? presence.Card.WebSite) is { } homepage)
        {
            xml.WriteElementString("c", "homepage", PidfNamespaces.Cipid, homepage.AbsoluteUri);
        }

        if (presence.State.TextFor(presence.Language) is { } text && XmlSafeText.Clean(text.Text) is { Length: > 0 } clean)
        {
            WriteNote(xml, "dm", PidfNamespaces.DataModel, clean, text.Language.Tag);
        }

        xml.WriteElementString("dm", "timestamp", PidfNamespaces.DataModel, timestamp);
        xml.WriteEndElement();
    }

    /// <summary>A note (or a Note_t element such as RPID's other); no xml:lang when the text's language is unknown.</summary>
    private static void WriteNote(XmlWriter xml, string? prefix, string ns, string text, string? language, string name = "note")
    {
        xml.WriteStartElement(prefix, name, ns);
        if (language is not null)
        {
            xml.WriteAttributeString("xml", "lang", PidfNamespaces.Xml, language);
        }

        xml.WriteString(text);
        xml.WriteEndElement();
    }

    // xs:dateTime in UTC to whole seconds: the form every client parses (RFC 3863 §4.1.7).
    private static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}
