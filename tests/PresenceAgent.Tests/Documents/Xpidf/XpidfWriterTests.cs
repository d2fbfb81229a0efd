using System.Text;
using System.Xml;
using System.Xml.Linq;
using PresenceAgent.Documents.Xpidf;
using PresenceAgent.Presence;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Documents.Xpidf;

public sealed class XpidfWriterTests
{
    private static readonly ContactPresence Room = new()
    {
        Entity = "sip:meet.alice@vc.example.com",
        DisplayName = "Alice's Room",
        State = TestStates.Of(BaseStatus.Available),
        Language = TestStates.English,
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
    [InlineData(nameof(BaseStatus.Available), "open", "online")]
    [InlineData(nameof(BaseStatus.Busy), "inuse", "busy")]
    [InlineData(nameof(BaseStatus.DoNotDisturb), "inuse", "busy")]
    [InlineData(nameof(BaseStatus.BeRightBack), "open", "berightback")]
    [InlineData(nameof(BaseStatus.Away), "open", "away")]
    [InlineData(nameof(BaseStatus.Offline), "closed", "unknown")]
    public void Each_base_status_maps_to_status_and_substatus(string name, string status, string substatus)
    {
        var state = Enum.Parse<BaseStatus>(name);
        var address = Parse(XpidfWriter.ToBytes(Room with { State = TestStates.Of(state) })).Root!.Element("atom")!.Element("address")!;
        Assert.Equal(status, address.Element("status")!.Attribute("status")!.Value);
        Assert.Equal(substatus, address.Element("msnsubstatus")!.Attribute("substatus")!.Value);
    }

    [Fact]
    public void A_custom_status_reads_as_its_base()
    {
        var full = Parse(XpidfWriter.ToBytes(Room with { State = TestStates.Resolve(BuiltInStates.Full) })).Root!.Element("atom")!.Element("address")!;
        Assert.Equal("inuse", full.Element("status")!.Attribute("status")!.Value);
        Assert.Equal("busy", full.Element("msnsubstatus")!.Attribute("substatus")!.Value);
    }
}
