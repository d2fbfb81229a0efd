using System.Buffers;
using System.Globalization;
using System.Xml;
using PresenceAgent.Documents.Xml;
using PresenceAgent.Presence;

namespace PresenceAgent.Documents.Msrtc;

/// <summary>
/// Writes <c>application/msrtc-event-categories+xml</c> for one contact, as a Lync or Skype for Business watcher
/// receives it ([MS-PRES] §2.2.2; reference §6.5-§6.9): <c>state</c> with the aggregate availability, activity and the
/// meeting under way, a
/// <c>contactCard</c> with the identity and the card attributes, a second one with description and photo, the personal
/// and out-of-office <c>note</c>s, and
/// <c>services</c> with voice and video. Only the requested categories are written; the rest of the document is the
/// same for every watcher of the contact.
/// </summary>
internal static class CategoriesWriter
{
    public const string ContentType = DocumentFormats.CategoriesType;

    // The instance numbers Lync itself uses for what a remote watcher sees (reference §6.14): identity card 0,
    // state 1, the card with description and photo 6, note and services 0.
    private const string IdentityCardInstance = "0";
    private const string StateInstance = "1";
    private const string DetailsCardInstance = "6";
    private const string NoteInstance = "0";

    // The out-of-office note is its own instance, so a watcher keeps both and shows the OOF one first, as Lync does
    // with an Exchange OOF message beside a personal note.
    private const string OutOfOfficeNoteInstance = "1";
    private const string ServicesInstance = "0";

    /// <summary>The Lync SDK's limit for a contact card description (another of its pages says under 1024).</summary>
    internal const int MaxDescriptionLength = 1020;

    /// <summary>The document as a new array.</summary>
    public static byte[] ToBytes(ContactPresence presence, CategorySet categories) =>
        XmlDocumentOutput.ToBytes((presence, categories), static (v, output) => Write(v.presence, v.categories, output));

    /// <summary>Appends the UTF-8 document (no BOM) to <paramref name="output"/>.</summary>
    public static void Write(ContactPresence presence, CategorySet categories, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(presence);
        using var xml = XmlDocumentOutput.Start(output);

        var description = presence.Description is null ? null : XmlSafeText.Clean(presence.Description);
        var publishTime = FormatPublishTime(presence.Timestamp);

        xml.WriteStartElement("categories", MsrtcNamespaces.Categories);

        // Declared before uri, as in Microsoft's documents (XmlWriter would put it last).
        xml.WriteAttributeString("xmlns", MsrtcNamespaces.Categories);
        xml.WriteAttributeString("uri", presence.Entity);

        if (categories.HasFlag(CategorySet.State))
        {
            StartCategory(xml, CategoryNames.State, StateInstance, publishTime);
            xml.WriteStartElement("state", MsrtcNamespaces.State);
            xml.WriteAttributeString("xmlns", MsrtcNamespaces.State);
            xml.WriteAttributeString("xmlns", "xsi", null, MsrtcNamespaces.XmlSchemaInstance);
            xml.WriteAttributeString("xsi", "type", MsrtcNamespaces.XmlSchemaInstance, "aggregateState");
            xml.WriteElementString("availability", MsrtcNamespaces.State, presence.State.Availability.ToString(CultureInfo.InvariantCulture));
            WriteActivity(xml, presence.State);
            WriteMeeting(xml, presence.Card.Meeting);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        if (categories.HasFlag(CategorySet.ContactCard))
        {
            WriteIdentityCard(xml, presence, publishTime);
            WriteDetailsCard(xml, presence, description, publishTime);
        }

        if (categories.HasFlag(CategorySet.Note))
        {
            // The configured personal note replaces the description there; the card keeps the description.
            var personal = presence.Card.Note is { } note ? XmlSafeText.Clean(note) : description;
            WriteNote(xml, NoteInstance, "personal", personal, publishTime);
            var card = presence.Card;
            WriteNote(xml, OutOfOfficeNoteInstance, "OOF", card.OutOfOfficeNote is { } oof ? XmlSafeText.Clean(oof) : null, publishTime,
                card.OutOfOfficeStart, card.OutOfOfficeEnd);
        }

        if (categories.HasFlag(CategorySet.Services))
        {
            WriteServices(xml, presence, publishTime);
        }

        xml.WriteEndElement();
    }

    /// <summary>
    /// The state's <c>activity</c> ([MS-PRES] activityType): its token, when it has one, and its text as one
    /// <c>custom</c> string per configured language, each with its <c>LCID</c>. Lync shows a token's standard string in
    /// its own language, else the custom string for its own locale, else the default string for the availability
    /// (Lync 2013 SDK, "Parsing Lync-published category instances"). With a token the strings are kept too: older
    /// clients ignore them ([MS-PRES] says custom is used when the token is absent), newer ones may show them.
    /// </summary>
    private static void WriteActivity(XmlWriter xml, PresenceState state)
    {
        var token = state.Meaning.MsrtcToken;
        if (token is null && state.Texts.IsEmpty)
        {
            return;
        }

        xml.WriteStartElement("activity", MsrtcNamespaces.State);
        if (token is not null)
        {
            xml.WriteAttributeString("token", token);
        }

        foreach (var text in state.Texts)
        {
            var clean = XmlSafeText.Clean(text.Text);
            if (clean.Length > 0)
            {
                xml.WriteStartElement("custom", MsrtcNamespaces.State);
                xml.WriteAttributeString("LCID", text.Language.Lcid.ToString(CultureInfo.InvariantCulture));
                xml.WriteString(clean);
                xml.WriteEndElement();
            }
        }

        xml.WriteEndElement();
    }

    /// <summary>
    /// The meeting under way as the state's <c>meetingSubject</c> and <c>meetingLocation</c>, after availability and
    /// activity as stateType's sequence has them ([MS-PRES] state schema, statetypes.xsd; Lync SDK
    /// "state[@type='aggregateState']"). That is where Lync reads a contact's current meeting: <c>calendarData</c>
    /// holds only working hours and free/busy (calendarData schema), so it is not sent. No LCID: the platform's text
    /// has no known language, and the attribute is optional.
    /// </summary>
    private static void WriteMeeting(XmlWriter xml, Meeting? meeting)
    {
        WriteStateText(xml, "meetingSubject", meeting?.Subject);
        WriteStateText(xml, "meetingLocation", meeting?.Location);
    }

    private static void WriteStateText(XmlWriter xml, string name, string? value)
    {
        if (value is not null && XmlSafeText.Clean(value) is { Length: > 0 } clean)
        {
            xml.WriteElementString(name, MsrtcNamespaces.State, clean);
        }
    }

    /// <summary>
    /// A note category instance with one body of <paramref name="type"/> ("personal" or "OOF"); none for no text. The
    /// body's optional startTime and endTime ([MS-PRES] note schema, noteType body) say when the note is valid, as an
    /// Exchange out-of-office message carries its dates.
    /// </summary>
    private static void WriteNote(XmlWriter xml, string instance, string type, string? text, string publishTime,
        DateTimeOffset? start = null, DateTimeOffset? end = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        StartCategory(xml, CategoryNames.Note, instance, publishTime);
        xml.WriteStartElement("note", MsrtcNamespaces.Note);
        xml.WriteStartElement("body", MsrtcNamespaces.Note);
        xml.WriteAttributeString("type", type);
        if (start is { } from)
        {
            xml.WriteAttributeString("startTime", FormatPublishTime(from));
        }

        if (end is { } until)
        {
            xml.WriteAttributeString("endTime", FormatPublishTime(until));
        }

        xml.WriteString(text);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>
    /// The name and the directory attributes, in one instance as Lync publishes what Active Directory holds, in the
    /// order the contactCard schema's sequence requires: identity (name, email), address, company, title, office, url,
    /// phone; each left out when unset.
    /// </summary>
    private static void WriteIdentityCard(XmlWriter xml, ContactPresence presence, string publishTime)
    {
        var card = presence.Card;
        StartCategory(xml, CategoryNames.ContactCard, IdentityCardInstance, publishTime);
        xml.WriteStartElement("contactCard", MsrtcNamespaces.ContactCard);
        xml.WriteStartElement("identity", MsrtcNamespaces.ContactCard);

        // A watcher whose level does not see the name gets none (the schema makes name optional).
        if (XmlSafeText.Clean(presence.DisplayName) is { Length: > 0 } name)
        {
            xml.WriteStartElement("name", MsrtcNamespaces.ContactCard);
            xml.WriteElementString("displayName", MsrtcNamespaces.ContactCard, name);
            xml.WriteEndElement();
        }

        WriteCardText(xml, "email", card.Email);
        xml.WriteEndElement();

        if (card.WorkAddress is { } address && XmlSafeText.Clean(address) is { Length: > 0 } street)
        {
            // The configuration holds the address as one line; street is the part Lync shows first.
            xml.WriteStartElement("address", MsrtcNamespaces.ContactCard);
            xml.WriteAttributeString("type", "work");
            xml.WriteElementString("street", MsrtcNamespaces.ContactCard, street);
            xml.WriteEndElement();
        }

        WriteCardText(xml, "company", card.Company);
        WriteCardText(xml, "title", card.Title);
        WriteCardText(xml, "office", card.Office);
        if (card.WebSite is { } site)
        {
            // Lync shows a "sharepoint" url as the contact's site link; the other types are voicemail and other.
            xml.WriteStartElement("url", MsrtcNamespaces.ContactCard);
            xml.WriteAttributeString("type", "sharepoint");
            xml.WriteString(site.AbsoluteUri);
            xml.WriteEndElement();
        }

        foreach (var phone in card.Phones)
        {
            // The tel URI is what Lync dials; displayString is what it shows.
            xml.WriteStartElement("phone", MsrtcNamespaces.ContactCard);
            xml.WriteAttributeString("type", phone.Type);
            xml.WriteElementString("uri", MsrtcNamespaces.ContactCard, phone.TelUri);
            xml.WriteElementString("displayString", MsrtcNamespaces.ContactCard, phone.Number);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteCardText(XmlWriter xml, string name, string? value)
    {
        if (value is not null && XmlSafeText.Clean(value) is { Length: > 0 } clean)
        {
            xml.WriteElementString(name, MsrtcNamespaces.ContactCard, clean);
        }
    }

    /// <summary>
    /// Description and photo; left out when the contact has neither. Lync's own card puts these
    /// later-version elements behind <c>delimiter</c> markers from the commontypes namespace, after the base ones
    /// (identity … automaton); we mirror that layout: description after the first marker, photo after the second.
    /// </summary>
    private static void WriteDetailsCard(XmlWriter xml, ContactPresence presence, string? description, string publishTime)
    {
        var photo = presence.IconUrl is not null && presence.IconHash is not null;
        if (string.IsNullOrEmpty(description) && !photo)
        {
            return;
        }

        StartCategory(xml, CategoryNames.ContactCard, DetailsCardInstance, publishTime);
        xml.WriteStartElement("contactCard", MsrtcNamespaces.ContactCard);
        WriteDelimiter(xml);
        if (!string.IsNullOrEmpty(description))
        {
            xml.WriteElementString("description", MsrtcNamespaces.ContactCard, Truncate(description, MaxDescriptionLength));
        }

        WriteDelimiter(xml);
        if (photo)
        {
            // type="default" is a picture from a web address; the hash tells the watcher when to fetch it again.
            xml.WriteStartElement("photo", MsrtcNamespaces.ContactCard);
            xml.WriteAttributeString("type", "default");
            xml.WriteElementString("uri", MsrtcNamespaces.ContactCard, presence.IconUrl!.AbsoluteUri);
            xml.WriteElementString("hash", MsrtcNamespaces.ContactCard, presence.IconHash);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteDelimiter(XmlWriter xml)
    {
        xml.WriteStartElement("delimiter", MsrtcNamespaces.CommonTypes);
        xml.WriteEndElement();
    }

    /// <summary>Cuts to <paramref name="max"/> UTF-16 units without splitting a surrogate pair.</summary>
    private static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }

    private static void WriteServices(XmlWriter xml, ContactPresence presence, string publishTime)
    {
        var deviceAvailability = presence.State.Availability.ToString(CultureInfo.InvariantCulture);
        StartCategory(xml, CategoryNames.Services, ServicesInstance, publishTime);
        xml.WriteStartElement("services", MsrtcNamespaces.Service);
        xml.WriteStartElement("service", MsrtcNamespaces.Service);
        xml.WriteAttributeString("uri", presence.ContactUri ?? presence.Entity);
        xml.WriteStartElement("capabilities", MsrtcNamespaces.Service);

        // A room takes calls with audio and video; no text: it cannot answer an IM.
        foreach (var capability in (ReadOnlySpan<string>)["voice", "video"])
        {
            xml.WriteStartElement(capability, MsrtcNamespaces.Service);
            xml.WriteAttributeString("render", "true");
            xml.WriteAttributeString("capture", "true");
            xml.WriteAttributeString("deviceAvailability", deviceAvailability);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void StartCategory(XmlWriter xml, string name, string instance, string publishTime)
    {
        xml.WriteStartElement("category", MsrtcNamespaces.Categories);
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("instance", instance);
        xml.WriteAttributeString("publishTime", publishTime);
    }

    /// <summary>xs:dateTime in UTC with milliseconds, as Microsoft's own documents carry it, plus the Z they omit.</summary>
    private static string FormatPublishTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);
}
