using System.Xml;
using System.Xml.Linq;

namespace PresenceAgent.Tests.Support;

/// <summary>Parses documents the way peer input must be parsed: no DTDs, no resolver, a size cap.</summary>
internal static class SafeXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 1_000_000,
        CheckCharacters = true,
    };

    public static XDocument Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = XmlReader.Create(stream, Settings);
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }
}
