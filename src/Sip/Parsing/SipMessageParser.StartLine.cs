using System.Buffers.Binary;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

public static partial class SipMessageParser
{
    // "SIP/2.0 " is eight bytes, so a status line is recognised with one 64-bit compare (as HttpConnection does for HTTP/1.1).
    private static readonly ulong s_sip20Sp = BinaryPrimitives.ReadUInt64LittleEndian("SIP/2.0 "u8);

    /// <summary>
    /// Reads <c>Request-Line / Status-Line</c> (RFC 3261 §7.1, §7.2); <paramref name="lineBytes"/> has no line end, and
    /// <paramref name="bareCr"/> tells whether it holds a CR (found with the line end).
    /// </summary>
    private static ParsedStartLine ParseStartLine(ReadOnlyMemory<byte> lineBytes, bool bareCr)
    {
        var line = lineBytes.Span;

        // No element of a start line may hold a CR (Reason-Phrase excludes it too); one here is not a line end.
        if (bareCr)
        {
            return ParsedStartLine.Fatal(SipFailure.Of(SipFailureReason.MalformedStartLine, "bare CR in the start line"));
        }

        if (line.Length >= 8 && BinaryPrimitives.ReadUInt64LittleEndian(line) == s_sip20Sp)
        {
            return ParseStatus(line[8..]);
        }

        // A method is a token and cannot contain '/', so a line starting "SIP/" can only be a status line with
        // an unusual version (RFC 3261 §7.1: the version string is case-insensitive).
        return line.Length >= 4 && Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8) ? ParseOtherStatusLine(line) : ParseRequestLine(lineBytes);
    }

    /// <summary>
    /// Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1); Method = token.
    /// Strict by choice, as RFC 4475 allows: a Request-URI in angle brackets (§3.1.2.7), LWS inside it (§3.1.2.8),
    /// more than one SP between elements (§3.1.2.9) or SP after the version (§3.1.2.10) is a malformed request.
    /// </summary>
    private static ParsedStartLine ParseRequestLine(ReadOnlyMemory<byte> lineBytes)
    {
        var line = lineBytes.Span;
        var sp1 = line.IndexOf(SipBytes.SP);
        if (sp1 <= 0 || line[..sp1].ContainsAnyExcept(SipBytes.Token))
        {
            return ParsedStartLine.Fatal(SipFailure.Of(SipFailureReason.MalformedStartLine, "start line is neither a Request-Line nor a Status-Line"));
        }

        var method = SipMethods.Intern(line[..sp1]);
        var sp2 = line.LastIndexOf(SipBytes.SP);
        if (sp2 == sp1)
        {
            return ParsedStartLine.BadRequest(method, SipFailure.Of(SipFailureReason.MalformedStartLine, "Request-Line has no SIP-Version"));
        }

        var uriBytes = line[(sp1 + 1)..sp2];
        var version = line[(sp2 + 1)..];

        // SP and HTAB are outside '!'..'~', so only a URI with such a byte is searched for whitespace.
        var notPrintable = uriBytes.IndexOfAnyExceptInRange((byte)'!', (byte)'~');
        if (uriBytes.IsEmpty || (notPrintable >= 0 && uriBytes.ContainsAny(SipBytes.Wsp)))
        {
            return ParsedStartLine.BadRequest(method, SipFailure.Of(SipFailureReason.MalformedStartLine, "Request-Line elements must be separated by exactly one SP"));
        }

        if (!IsSipVersion(version))
        {
            return ParsedStartLine.BadRequest(method, SipFailure.Of(SipFailureReason.MalformedStartLine, "malformed SIP-Version"));
        }

        if (uriBytes[0] == (byte)'<')
        {
            return ParsedStartLine.BadRequest(method, SipFailure.Of(SipFailureReason.InvalidRequestUri, "Request-URI must not be enclosed in <>"));
        }

        // A URI is ASCII without controls (RFC 3986 §2). It is only checked here; the message builds it when first read.
        if (notPrintable >= 0 || !SipUri.TryScan(uriBytes, out var uri))
        {
            return ParsedStartLine.BadRequest(method, SipFailure.Of(SipFailureReason.InvalidRequestUri, "malformed Request-URI"));
        }

        // RFC 3261 §19.1.5: headers are not allowed in a Request-URI; RFC 4475 §3.1.2.11 lets us reject them.
        if (!uri.Headers.IsEmpty)
        {
            return ParsedStartLine.BadRequest(method, SipFailure.Of(SipFailureReason.InvalidRequestUri, "Request-URI must not carry ?headers"));
        }

        // Only a line that is otherwise well formed earns a 505 rather than a 400 (505, RFC 3261 §21.5.7).
        var uriSlice = lineBytes[(sp1 + 1)..sp2];
        return Ascii.EqualsIgnoreCase(version, "SIP/2.0"u8)
            ? ParsedStartLine.Request(method, uriSlice)
            : ParsedStartLine.Request(method, uriSlice, SipFailure.Of(SipFailureReason.UnsupportedVersion, "only SIP/2.0 is supported"));
    }

    /// <summary>Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF, for a version other than exactly "SIP/2.0".</summary>
    private static ParsedStartLine ParseOtherStatusLine(ReadOnlySpan<byte> line)
    {
        var sp = line.IndexOf(SipBytes.SP);
        var version = sp < 0 ? line : line[..sp];
        if (sp < 0 || !IsSipVersion(version))
        {
            return ParsedStartLine.Fatal(SipFailure.Of(SipFailureReason.MalformedStartLine, "malformed Status-Line"));
        }

        return Ascii.EqualsIgnoreCase(version, "SIP/2.0"u8)
            ? ParseStatus(line[(sp + 1)..])
            : ParsedStartLine.Fatal(SipFailure.Of(SipFailureReason.UnsupportedVersion, "only SIP/2.0 is supported"));
    }

    /// <summary>
    /// Status-Code = 3DIGIT (RFC 3261 §7.2, §25.1) in 100–699; Reason-Phrase may be empty (RFC 4475 §3.1.1.13), and
    /// we also take a missing SP before an empty phrase. A longer code (RFC 4475 §3.1.2.19 bigcode) is malformed.
    /// </summary>
    private static ParsedStartLine ParseStatus(ReadOnlySpan<byte> rest)
    {
        if (rest.Length < 3 || rest[..3].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0 ||
            (rest.Length > 3 && rest[3] != SipBytes.SP))
        {
            return ParsedStartLine.Fatal(SipFailure.Of(SipFailureReason.InvalidStatusCode, "Status-Code is not 3DIGIT"));
        }

        var code = ((rest[0] - '0') * 100) + ((rest[1] - '0') * 10) + (rest[2] - '0');
        if (code is < 100 or > 699)
        {
            return ParsedStartLine.Fatal(SipFailure.Of(SipFailureReason.InvalidStatusCode, "Status-Code outside 100-699"));
        }

        return ParsedStartLine.Response(code, rest.Length > 4 ? ReasonPhrase(code, rest[4..]) : "");
    }

    /// <summary>
    /// Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB). Nearly every answer
    /// carries its code's usual phrase ("OK"), which is given as the one string we hold rather than decoded again.
    /// </summary>
    private static string ReasonPhrase(int code, ReadOnlySpan<byte> phrase)
    {
        var usual = StatusCodes.DefaultReason(code);
        return Ascii.Equals(phrase, usual) ? usual : Encoding.UTF8.GetString(phrase);
    }

    /// <summary>SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (RFC 3261 §7.1; ABNF strings are case-insensitive).</summary>
    private static bool IsSipVersion(ReadOnlySpan<byte> version)
    {
        if (version.Length < 7 || !Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
        {
            return false;
        }

        var numbers = version[4..];
        var dot = numbers.IndexOf((byte)'.');
        return dot > 0 && dot < numbers.Length - 1 &&
               numbers[..dot].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 &&
               numbers[(dot + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }
}
