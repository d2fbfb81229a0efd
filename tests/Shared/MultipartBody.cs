using System.Text;

namespace PresenceAgent.Testing;

/// <summary>
/// Reads a <c>multipart/related</c> NOTIFY body back the way a strict watcher would (RFC 2046 §5.1.1, RFC 2387): the
/// Content-Type parameters, then every part between the delimiter lines with its headers. Anything off the grammar
/// throws, so a test cannot pass on a body a watcher would reject. Shared by the unit and end-to-end tests. Also reads
/// it the way libpurple does (<see cref="ParseAsLibpurple"/>), as pidgin-sipe, a Lync-dialect client, sees it.
/// </summary>
internal static class MultipartBody
{
    /// <summary>One body part: headers by lower-case name, and its bytes.</summary>
    internal sealed record Part(IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string ContentId => Headers["content-id"];

        public string ContentType => Headers["content-type"];

        /// <summary>The Content-ID as an RLMI <c>cid</c> refers to it: without the angle brackets.</summary>
        public string Cid => ContentId.StartsWith('<') && ContentId.EndsWith('>') ? ContentId[1..^1] : throw new InvalidDataException($"Content-ID {ContentId} lacks angle brackets");
    }

    internal sealed record Parsed(string Type, string Start, string Boundary, IReadOnlyList<Part> Parts)
    {
        /// <summary>The part the RLMI <c>cid</c> names.</summary>
        public Part ByCid(string cid) => Parts.Single(p => p.Cid == cid);
    }

    public static Parsed Parse(string contentType, byte[] body)
    {
        var (type, start, boundary) = Parameters(contentType);
        var text = Encoding.UTF8.GetString(body);
        var first = $"--{boundary}\r\n";
        var delimiter = $"\r\n--{boundary}";
        if (!text.StartsWith(first, StringComparison.Ordinal) || !text.EndsWith($"{delimiter}--\r\n", StringComparison.Ordinal))
        {
            throw new InvalidDataException("the body does not open with the boundary or close with the close delimiter");
        }

        // Between the first line and the close delimiter: parts separated by CRLF--boundary CRLF.
        var inner = text[first.Length..^(delimiter.Length + 4)];
        var parts = new List<Part>();
        foreach (var raw in inner.Split($"{delimiter}\r\n"))
        {
            var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0)
            {
                throw new InvalidDataException("a part without the blank line after its headers");
            }

            parts.Add(new Part(Headers(raw[..split]), Encoding.UTF8.GetBytes(raw[(split + 4)..])));
        }

        return new Parsed(type, start, boundary, parts);
    }

    /// <summary>
    /// Reads the body as libpurple's MIME reader does (pidgin-sipe uses it on Pidgin): a part runs from two bytes after
    /// a <c>--boundary</c> to the next <c>--boundary</c>, its headers end at the first blank line, and four bytes come
    /// off the end of its content, where libpurple's own writer puts CRLF CRLF (RFC 2046 puts only the delimiter's
    /// CRLF there). Byte for byte, as it works on bytes.
    /// </summary>
    public static Parsed ParseAsLibpurple(string contentType, byte[] body)
    {
        var (type, start, boundary) = Parameters(contentType);
        var bytes = body.AsSpan();
        var delimiter = Encoding.ASCII.GetBytes($"--{boundary}");
        var parts = new List<Part>();
        var at = bytes.IndexOf(delimiter);
        while (at >= 0)
        {
            // The boundary, then whatever two bytes follow it (CRLF, or the close delimiter's "--").
            var from = Math.Min(at + delimiter.Length + 2, bytes.Length);
            var length = bytes[from..].IndexOf(delimiter);
            if (length < 0)
            {
                break;
            }

            var raw = bytes.Slice(from, length);
            var split = raw.IndexOf("\r\n\r\n"u8);
            if (split < 0)
            {
                throw new InvalidDataException("a part without the blank line after its headers");
            }

            var content = raw[(split + 4)..];
            parts.Add(new Part(Headers(Encoding.UTF8.GetString(raw[..split])), (content.Length > 4 ? content[..^4] : content).ToArray()));
            at = from + length;
        }

        return new Parsed(type, start, boundary, parts);
    }

    private static (string Type, string Start, string Boundary) Parameters(string contentType)
    {
        var fields = contentType.Split(';');
        if (!fields[0].Trim().Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"not multipart/related: {contentType}");
        }

        var parameters = fields.Skip(1).Select(f => f.Split('=', 2)).ToDictionary(
            p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim().Trim('"'), StringComparer.Ordinal);
        return (parameters["type"], parameters["start"], parameters["boundary"]);
    }

    private static Dictionary<string, string> Headers(string block) =>
        block.Split("\r\n").Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim().ToLowerInvariant(), h => h[1].Trim(), StringComparer.Ordinal);
}
