using System.Buffers;
using System.Globalization;
using PresenceAgent.Documents.Xml;

namespace PresenceAgent.Documents.Rlmi;

/// <summary>
/// Writes <c>application/rlmi+xml</c> (RFC 4662 §5), the root part of a list NOTIFY: the list's URI, version and
/// whether the notification is full state, its name, then each resource with its instance.
/// </summary>
internal static class RlmiWriter
{
    public const string ContentType = "application/rlmi+xml";

    public const string Namespace = "urn:ietf:params:xml:ns:rlmi";

    /// <summary>The document as a new array.</summary>
    public static byte[] ToBytes(string uri, uint version, string? name, IReadOnlyList<RlmiResource> resources) =>
        XmlDocumentOutput.ToBytes((uri, version, name, resources), static (v, output) => Write(v.uri, v.version, v.name, v.resources, output));

    /// <summary>
    /// Appends the UTF-8 document (no BOM) to <paramref name="output"/>. Always full state: every resource, every
    /// time (RFC 4662 lets a notifier send full state whenever it likes), so a watcher that missed a NOTIFY loses nothing.
    /// </summary>
    public static void Write(string uri, uint version, string? name, IReadOnlyList<RlmiResource> resources, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(resources);
        using var xml = XmlDocumentOutput.Start(output);
        xml.WriteStartElement("list", Namespace);

        // Declared first, as in RFC 4662's examples (XmlWriter would put it last).
        xml.WriteAttributeString("xmlns", Namespace);
        xml.WriteAttributeString("uri", uri);
        xml.WriteAttributeString("version", version.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("fullState", "true");

        // name is an element, not an attribute (RFC 4662 §5), and may repeat per language; we have one.
        if (!string.IsNullOrEmpty(name))
        {
            xml.WriteElementString("name", Namespace, XmlSafeText.Clean(name));
        }

        foreach (var r in resources)
        {
            xml.WriteStartElement("resource", Namespace);
            xml.WriteAttributeString("uri", r.Uri);
            if (!string.IsNullOrEmpty(r.Name))
            {
                xml.WriteElementString("name", Namespace, XmlSafeText.Clean(r.Name));
            }

            xml.WriteStartElement("instance", Namespace);
            xml.WriteAttributeString("id", r.InstanceId);
            xml.WriteAttributeString("state", r.TerminatedReason is null ? "active" : "terminated");
            if (r.TerminatedReason is { } reason)
            {
                xml.WriteAttributeString("reason", reason);
            }

            if (r.Cid is { } cid)
            {
                xml.WriteAttributeString("cid", cid);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }
}
