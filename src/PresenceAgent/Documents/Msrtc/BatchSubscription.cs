using System.Runtime.InteropServices;
using System.Xml;

namespace PresenceAgent.Documents.Msrtc;

/// <summary>
/// The body Lync puts in a presence SUBSCRIBE (<c>application/msrtc-adrl-categorylist+xml</c>, [MS-PRES] §2.2.2.4.1;
/// reference §6.4): a <c>batchSub</c> whose subscribe action lists the resources and the categories wanted.
/// </summary>
internal sealed class BatchSubscription
{
    public const string ContentType = "application/msrtc-adrl-categorylist+xml";

    /// <summary>The option tags Lync requires on a batched SUBSCRIBE ([MS-SIP] §3.3.4.1, §3.3.5).</summary>
    public const string AdhocListTag = "adhoclist";

    public const string CategoryListTag = "categoryList";

    private static readonly XmlReaderSettings Settings = new()
    {
        // Hostile input: no DTD (entity expansion), no external resolution, nothing but the elements.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    private BatchSubscription(IReadOnlyList<string> resources, CategorySet categories)
    {
        Resources = resources;
        Categories = categories;
    }

    /// <summary>The resource URIs of the subscribe action, in document order.</summary>
    public IReadOnlyList<string> Resources { get; }

    /// <summary>The requested categories we publish; <see cref="CategorySet.All"/> when the body has no categoryList.</summary>
    public CategorySet Categories { get; }

    /// <summary>Reads a batchSub body; on failure <paramref name="error"/> names the fault for the 400 reason phrase.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out BatchSubscription? result, out string error)
    {
        result = null;
        try
        {
            // Read in place: the body is a slice of the received message's buffer.
            var stream = MemoryMarshal.TryGetArray(body, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "batchSub" || reader.NamespaceURI != MsrtcNamespaces.BatchSubscribe)
            {
                error = "body is not a batchSub document";
                return false;
            }

            var resources = new List<string>(1);
            CategorySet? categories = null;
            var inSubscribe = false;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "action" when reader.NamespaceURI == MsrtcNamespaces.BatchSubscribe:
                        inSubscribe = string.Equals(reader.GetAttribute("name"), "subscribe", StringComparison.OrdinalIgnoreCase);
                        break;
                    case "resource" when inSubscribe && reader.NamespaceURI == MsrtcNamespaces.BatchSubscribe:
                        if (reader.GetAttribute("uri") is not { Length: > 0 } uri)
                        {
                            error = "batchSub resource without uri";
                            return false;
                        }

                        resources.Add(uri);
                        break;
                    case "categoryList" when inSubscribe && reader.NamespaceURI == MsrtcNamespaces.CategoryList:
                        categories ??= CategorySet.None;
                        break;
                    case "category" when inSubscribe && reader.NamespaceURI == MsrtcNamespaces.CategoryList:
                        categories = (categories ?? CategorySet.None) | CategoryNames.Parse(reader.GetAttribute("name"));
                        break;
                }
            }

            result = new BatchSubscription(resources, categories ?? CategorySet.All);
            error = "";
            return true;
        }
        catch (XmlException ex)
        {
            error = $"batchSub is not well-formed XML (line {ex.LineNumber})";
            return false;
        }
    }
}
