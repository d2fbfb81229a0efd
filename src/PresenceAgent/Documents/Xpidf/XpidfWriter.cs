using System.Buffers;
using PresenceAgent.Documents.Xml;
using PresenceAgent.Presence;

namespace PresenceAgent.Documents.Xpidf;

/// <summary>
/// Writes <c>application/xpidf+xml</c>, the pre-PIDF format ([MS-SIP] Appendix B; the IETF XPIDF draft) that older
/// Cisco and Polycom phones still ask for: one presentity, one atom, one address with the state's status and MSN
/// substatus. It carries no name or picture, nor card attributes (it has no element a note or a meeting would fit), so
/// it goes only to watchers that accept nothing better.
/// </summary>
internal static class XpidfWriter
{
    public const string ContentType = DocumentFormats.XpidfType;

    // Phones match the atom across NOTIFYs; one contact, one constant atom.
    private const string AtomId = "1000";

    public static byte[] ToBytes(ContactPresence presence) => XmlDocumentOutput.ToBytes(presence, Write);

    public static void Write(ContactPresence presence, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(presence);
        using var xml = XmlDocumentOutput.Start(output);

        xml.WriteDocType("presence", "-//IETF//DTD RFCxxxx XPIDF 1.0//EN", "xpidf.dtd", null);
        xml.WriteStartElement("presence");
        xml.WriteStartElement("presentity");
        xml.WriteAttributeString("uri", presence.Entity + ";method=SUBSCRIBE");
        xml.WriteEndElement();

        xml.WriteStartElement("atom");
        xml.WriteAttributeString("id", AtomId);
        xml.WriteStartElement("address");
        xml.WriteAttributeString("uri", (presence.ContactUri ?? presence.Entity) + ";user=ip");
        xml.WriteAttributeString("priority", "0.800000");
        xml.WriteStartElement("status");
        xml.WriteAttributeString("status", presence.State.Meaning.XpidfStatus);
        xml.WriteEndElement();
        xml.WriteStartElement("msnsubstatus");
        xml.WriteAttributeString("substatus", presence.State.Meaning.XpidfSubstatus);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteEndElement();
    }
}
