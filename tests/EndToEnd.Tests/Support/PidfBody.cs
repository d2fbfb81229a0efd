using System.Text;
using System.Xml;
using System.Xml.Linq;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>Reads a NOTIFY's PIDF body back, safely (no DTDs), to check what a watcher would see.</summary>
internal static class PidfBody
{
    public static readonly XNamespace Ns = "urn:ietf:params:xml:ns:pidf";
    public static readonly XNamespace Dm = "urn:ietf:params:xml:ns:pidf:data-model";
    public static readonly XNamespace Cipid = "urn:ietf:params:xml:ns:pidf:cipid";

    public static XDocument Parse(SipMessage message)
    {
        Assert.Equal("application/pidf+xml", message.ContentType);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(message.Body.ToArray()), settings);
        var doc = XDocument.Load(reader);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", Encoding.UTF8.GetString(message.Body.Span), StringComparison.Ordinal);
        return doc;
    }

    public static string? Basic(XDocument d) => d.Root!.Element(Ns + "tuple")?.Element(Ns + "status")?.Element(Ns + "basic")?.Value;

    public static string? DisplayName(XDocument d) => d.Descendants(Cipid + "display-name").SingleOrDefault()?.Value;

    public static string? Icon(XDocument d) => d.Descendants(Cipid + "icon").SingleOrDefault()?.Value;
}
