using System.Text;
using System.Xml;
using System.Xml.Linq;
using PresenceAgent.Documents.Xpidf;
using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Documents.Xpidf;

public sealed class XpidfWriterTests
{
    private static readonly ContactPresence Room = new()
    {
        Entity = "sip:meet.alice@vc.example.com",
        DisplayName = "Alice's Room",
        Availability = PublishedAvailability.Online,
        Timestamp = new DateTimeOffset(2025, 3, 4, 9, 15, 0, TimeSpan.Zero),
    };

    private static XDocument Parse(byte[] bytes)
    {
        // The document names a DTD phones never fetch; read it the same way, without resolving anything.
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        return XDocument.Load(reader);
    }

    [Fact]
    public void Declares_utf8_and_the_xpidf_doctype()
    {
        var text = Encoding.UTF8.GetString(XpidfWriter.ToBytes(Room));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE presence PUBLIC \"-//IETF//DTD RFCxxxx XPIDF 1.0//EN\" \"xpidf.dtd\">", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_available_room_is_one_open_online_address()
    {
        var root = Parse(XpidfWriter.ToBytes(Room)).Root!;
        Assert.Equal("presence", root.Name.LocalName);
        Assert.Equal("sip:meet.alice@vc.example.com;method=SUBSCRIBE", root.Element("presentity")!.Attribute("uri")!.Value);
        var address = root.Element("atom")!.Element("address")!;
        Assert.Equal("sip:meet.alice@vc.example.com;user=ip", address.Attribute("uri")!.Value);
        Assert.Equal("open", address.Element("status")!.Attribute("status")!.Value);
        Assert.Equal("online", address.Element("msnsubstatus")!.Attribute("substatus")!.Value);
    }

    [Theory]
    [InlineData(PublishedAvailability.Busy, "open", "busy")]
    [InlineData(PublishedAvailability.Away, "open", "away")]
    [InlineData(PublishedAvailability.Offline, "closed", "unknown")]
    public void Other_states_map_to_status_and_substatus(int availability, string status, string substatus)
    {
        var address = Parse(XpidfWriter.ToBytes(Room with { Availability = availability })).Root!.Element("atom")!.Element("address")!;
        Assert.Equal(status, address.Element("status")!.Attribute("status")!.Value);
        Assert.Equal(substatus, address.Element("msnsubstatus")!.Attribute("substatus")!.Value);
    }
}
