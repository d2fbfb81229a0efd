using System.Buffers;
using System.Text;

namespace PresenceAgent.Documents.Rlmi;

/// <summary>
/// Writes a <c>multipart/related</c> body (RFC 2387, framed as RFC 2046 §5.1.1 says), the root part first: what a
/// list NOTIFY carries (RFC 4662 §4.3, §5). Every part goes as-is (<c>Content-Transfer-Encoding: binary</c>, as in
/// [MS-SIP] §3.3.5.1): SIP is 8-bit clean and the parts are UTF-8 XML. Each part's content is its document and a
/// CRLF, so a reader that takes two bytes too many off the end of a part still gets the whole document.
/// </summary>
internal static class MultipartRelated
{
    /// <summary>Room for a part's delimiter line and headers, so the buffer is sized once.</summary>
    private const int PartOverhead = 160;

    /// <summary>
    /// <c>multipart/related;type="…";start="&lt;…&gt;";boundary="…"</c>: the root part's type and Content-ID, so a
    /// watcher finds the root without relying on order, and the boundary.
    /// </summary>
    public static string ContentType(string rootType, string rootContentId, string boundary) =>
        $"multipart/related;type=\"{rootType}\";start=\"<{rootContentId}>\";boundary=\"{boundary}\"";

    /// <summary>
    /// Whether <paramref name="boundary"/> may frame <paramref name="parts"/>: it must occur in none of them
    /// (RFC 2046 §5.1.1). A random boundary practically never does; the check is one vectorized search per part.
    /// </summary>
    public static bool Frames(string boundary, IReadOnlyList<MimePart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var bytes = Encoding.UTF8.GetBytes(boundary);
        foreach (var part in parts)
        {
            if (part.Body.Span.IndexOf(bytes) >= 0 || part.ContentId.Contains(boundary, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The body: each part after a delimiter line, with its headers; then the close delimiter.</summary>
    public static byte[] ToBytes(string boundary, IReadOnlyList<MimePart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var size = 0;
        foreach (var part in parts)
        {
            size += part.Body.Length + PartOverhead;
        }

        var output = new ArrayBufferWriter<byte>(size + PartOverhead);
        foreach (var part in parts)
        {
            Put(output, $"--{boundary}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <{part.ContentId}>\r\nContent-Type: {part.ContentType}\r\n\r\n");
            output.Write(part.Body.Span);

            // The first CRLF ends the part's content: whitespace after the document to an XML reader, and what
            // libpurple's MIME reader (pidgin-sipe) cuts off instead of the document's last two bytes, as it drops
            // four bytes before each boundary. The second belongs to the next delimiter (RFC 2046 §5.1.1).
            Put(output, "\r\n\r\n");
        }

        Put(output, $"--{boundary}--\r\n");
        return output.WrittenSpan.ToArray();
    }

    private static void Put(ArrayBufferWriter<byte> output, string text) =>
        output.Advance(Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
}
