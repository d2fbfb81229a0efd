using System.Text;

namespace PresenceAgent.Testing;

/// <summary>
/// Reads a <c>multipart/related</c> NOTIFY body back the way a strict watcher would (RFC 2046 §5.1.1, RFC 2387): the
/// Content-Type parameters, then every part between the delimiter lines with its headers. Anything off the grammar
/// throws, so a test cannot pass on a body a watcher would reject. Shared by the unit and end-to-end tests.
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
        var fields = contentType.Split(';');
        if (!fields[0].Trim().Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"not multipart/related: {contentType}");
        }

        var parameters = fields.Skip(1).Select(f => f.Split('=', 2)).ToDictionary(
            p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim().Trim('"'), StringComparer.Ordinal);
        var boundary = parameters["boundary"];
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

            var headers = raw[..split].Split("\r\n").Select(h => h.Split(':', 2)).ToDictionary(
                h => h[0].Trim().ToLowerInvariant(), h => h[1].Trim(), StringComparer.Ordinal);
            parts.Add(new Part(headers, Encoding.UTF8.GetBytes(raw[(split + 4)..])));
        }

        return new Parsed(parameters["type"], parameters["start"], boundary, parts);
    }
}
