using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Parsing;

/// <summary>Malformed messages, each rejected with one exact reason and status.</summary>
public sealed class SipMessageParserRejectionTests
{
    private const string StartLine = "OPTIONS sip:bob@example.com SIP/2.0";

    private static readonly string[] s_headers =
    [
        "Via: SIP/2.0/UDP pc.example.com;branch=z9hG4bKbad",
        "Max-Forwards: 70",
        "From: <sip:alice@example.com>;tag=1",
        "To: <sip:bob@example.com>",
        "Call-ID: bad@pc.example.com",
        "CSeq: 1 OPTIONS",
    ];

    /// <summary>A request with <paramref name="startLine"/>, the standard headers with replacements applied, then extra lines.</summary>
    private static byte[] Request(string startLine = StartLine, string? replace = null, string? with = null, string[]? extra = null, string body = "", bool contentLength = true)
    {
        var lines = new List<string> { startLine };
        foreach (var h in s_headers)
        {
            var line = replace is not null && h.StartsWith(replace, StringComparison.Ordinal) ? with : h;
            if (line is not null)
            {
                lines.Add(line);
            }
        }

        lines.AddRange(extra ?? []);
        if (contentLength)
        {
            lines.Add("Content-Length: {CL}");
        }

        return SipText.Message([.. lines], body);
    }

    private static byte[] Response(string statusLine) =>
        SipText.Message([statusLine, .. s_headers.Where(h => !h.StartsWith("Max", StringComparison.Ordinal)), "Content-Length: 0"]);

    private static readonly Dictionary<string, (byte[] Bytes, SipFailureReason Reason, int Status, bool HasMessage)> s_cases = new(StringComparer.Ordinal)
    {
        // start line
        ["not SIP at all"] = (Encoding.ASCII.GetBytes("HELLO\r\n\r\n"), SipFailureReason.MalformedStartLine, 400, false),
        ["http request"] = (Request("GET / HTTP/1.1"), SipFailureReason.MalformedStartLine, 400, true),
        ["method not a token"] = (Request("OPT@ONS sip:bob@example.com SIP/2.0"), SipFailureReason.MalformedStartLine, 400, false),
        ["start line without line end"] = (Encoding.ASCII.GetBytes(StartLine), SipFailureReason.MalformedStartLine, 400, false),
        ["only line ends"] = (Encoding.ASCII.GetBytes("\r\n\r\n"), SipFailureReason.MalformedStartLine, 400, false),
        ["no version"] = (Request("OPTIONS sip:bob@example.com"), SipFailureReason.MalformedStartLine, 400, true),
        ["two SP after method"] = (Request("OPTIONS  sip:bob@example.com SIP/2.0"), SipFailureReason.MalformedStartLine, 400, true),
        ["trailing SP"] = (Request(StartLine + " "), SipFailureReason.MalformedStartLine, 400, true),
        ["tab in uri"] = (Request("OPTIONS sip:bob@example.com;\tlr SIP/2.0"), SipFailureReason.MalformedStartLine, 400, true),
        ["malformed version"] = (Request("OPTIONS sip:bob@example.com SIP/2.x"), SipFailureReason.MalformedStartLine, 400, true),
        ["uri in brackets"] = (Request("OPTIONS <sip:bob@example.com> SIP/2.0"), SipFailureReason.InvalidRequestUri, 400, true),
        ["uri without host"] = (Request("OPTIONS sip: SIP/2.0"), SipFailureReason.InvalidRequestUri, 400, true),
        ["uri without scheme"] = (Request("OPTIONS bob@example.com SIP/2.0"), SipFailureReason.InvalidRequestUri, 400, true),
        ["uri with headers"] = (Request("OPTIONS sip:bob@example.com?Subject=x SIP/2.0"), SipFailureReason.InvalidRequestUri, 400, true),
        ["uri with non-ASCII"] = (Request("OPTIONS sip:b\u00f6b@example.com SIP/2.0"), SipFailureReason.InvalidRequestUri, 400, true),
        ["version 2.1"] = (Request("OPTIONS sip:bob@example.com SIP/2.1"), SipFailureReason.UnsupportedVersion, 505, true),
        ["status 99"] = (Response("SIP/2.0 099 Low"), SipFailureReason.InvalidStatusCode, 400, false),
        ["status 700"] = (Response("SIP/2.0 700 High"), SipFailureReason.InvalidStatusCode, 400, false),
        ["status 4 digits"] = (Response("SIP/2.0 2000 OK"), SipFailureReason.InvalidStatusCode, 400, false),
        ["status 2 digits"] = (Response("SIP/2.0 20 OK"), SipFailureReason.InvalidStatusCode, 400, false),
        ["status not digits"] = (Response("SIP/2.0 2x0 OK"), SipFailureReason.InvalidStatusCode, 400, false),
        ["status line version 3"] = (Response("SIP/3.0 200 OK"), SipFailureReason.UnsupportedVersion, 505, false),
        ["bare CR in reason phrase"] = (Response("SIP/2.0 200 O\rK"), SipFailureReason.MalformedStartLine, 400, false),
        ["status line garbage version"] = (Response("SIP/two 200 OK"), SipFailureReason.MalformedStartLine, 400, false),

        // header syntax
        ["header without colon"] = (Request(extra: ["Foobar roobar"]), SipFailureReason.MalformedHeader, 400, true),
        ["header name not a token"] = (Request(extra: ["Bad@Name: x"]), SipFailureReason.InvalidHeaderName, 400, true),
        ["empty header name"] = (Request(extra: [": x"]), SipFailureReason.InvalidHeaderName, 400, true),
        ["continuation first"] = (Encoding.ASCII.GetBytes(StartLine + "\r\n folded\r\nContent-Length: 0\r\n\r\n"), SipFailureReason.MalformedHeader, 400, true),
        ["bare CR in value"] = (Request(extra: ["Subject: a\rb"]), SipFailureReason.MalformedHeader, 400, true),
        ["bare CR in fold"] = (Request(extra: ["Subject: a", " b\rc"]), SipFailureReason.MalformedHeader, 400, true),

        // Content-Length and body
        ["content-length letters"] = (Request(extra: ["Content-Length: abc"], contentLength: false), SipFailureReason.InvalidContentLength, 400, true),
        ["content-length negative"] = (Request(extra: ["Content-Length: -1"], contentLength: false), SipFailureReason.InvalidContentLength, 400, true),
        ["content-length plus"] = (Request(extra: ["l: +0"], contentLength: false), SipFailureReason.InvalidContentLength, 400, true),
        ["content-length empty"] = (Request(extra: ["l:"], contentLength: false), SipFailureReason.InvalidContentLength, 400, true),
        ["content-length 11 digits"] = (Request(extra: ["Content-Length: 00000000000"], contentLength: false), SipFailureReason.InvalidContentLength, 400, true),
        ["content-length two values"] = (Request(extra: ["Content-Length: 0, 0"], contentLength: false), SipFailureReason.InvalidContentLength, 400, true),
        ["content-length twice"] = (Request(extra: ["l: 0"]), SipFailureReason.DuplicateSingleHeader, 400, true),
        ["content-length over body limit"] = (Request(extra: ["Content-Length: 65537"], contentLength: false), SipFailureReason.BodyTooLarge, 513, true),
        ["body shorter"] = (Request(extra: ["Content-Length: 10"], contentLength: false, body: "short"), SipFailureReason.BodyShorterThanContentLength, 400, true),

        // required headers and single values (RFC 3261 §8.1.1, RFC 4475 §3.3.8)
        ["missing Call-ID"] = (Request(replace: "Call-ID", with: null), SipFailureReason.MissingRequiredHeader, 400, true),
        ["missing Via"] = (Request(replace: "Via", with: null), SipFailureReason.MissingRequiredHeader, 400, true),
        ["two To"] = (Request(extra: ["t: <sip:carol@example.com>"]), SipFailureReason.DuplicateSingleHeader, 400, true),
        ["two Max-Forwards"] = (Request(extra: ["Max-Forwards: 69"]), SipFailureReason.DuplicateSingleHeader, 400, true),
        ["empty Call-ID"] = (Request(replace: "Call-ID", with: "Call-ID:"), SipFailureReason.InvalidCallId, 400, true),
        ["CSeq over 2^32-1"] = (Request(replace: "CSeq", with: "CSeq: 4294967296 OPTIONS"), SipFailureReason.InvalidCSeq, 400, true),
        ["CSeq without method"] = (Request(replace: "CSeq", with: "CSeq: 1"), SipFailureReason.InvalidCSeq, 400, true),
        ["CSeq method mismatch"] = (Request(replace: "CSeq", with: "CSeq: 1 INVITE"), SipFailureReason.CSeqMethodMismatch, 400, true),
        ["CSeq method case differs"] = (Request(replace: "CSeq", with: "CSeq: 1 options"), SipFailureReason.CSeqMethodMismatch, 400, true),
        ["Max-Forwards 256"] = (Request(replace: "Max-Forwards", with: "Max-Forwards: 256"), SipFailureReason.InvalidMaxForwards, 400, true),
        ["Max-Forwards negative"] = (Request(replace: "Max-Forwards", with: "Max-Forwards: -1"), SipFailureReason.InvalidMaxForwards, 400, true),
        ["Expires over 2^32-1"] = (Request(extra: ["Expires: 4294967296"]), SipFailureReason.InvalidExpires, 400, true),
        ["Contact expires over 2^32-1"] = (Request(extra: ["Contact: <sip:alice@pc.example.com>;expires=280297596632815"]), SipFailureReason.InvalidExpires, 400, true),
        ["Via without host"] = (Request(replace: "Via", with: "Via: SIP/2.0/UDP"), SipFailureReason.InvalidVia, 400, true),
        ["Via empty element"] = (Request(replace: "Via", with: "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1,,SIP/2.0/UDP b.example.com"), SipFailureReason.InvalidVia, 400, true),
        ["Via trailing comma"] = (Request(replace: "Via", with: "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1,"), SipFailureReason.InvalidVia, 400, true),
        ["Via empty parameter"] = (Request(replace: "Via", with: "Via: SIP/2.0/UDP a.example.com;;branch=z9hG4bK1"), SipFailureReason.InvalidVia, 400, true),
        ["From unterminated quote"] = (Request(replace: "From", with: "From: \"Alice <sip:alice@example.com>;tag=1"), SipFailureReason.InvalidNameAddress, 400, true),
        ["To without uri"] = (Request(replace: "To", with: "To: Bob"), SipFailureReason.InvalidNameAddress, 400, true),
        ["Contact empty parameters"] = (Request(extra: ["Contact: \"Joe\" <sip:joe@example.org>;;;;"]), SipFailureReason.InvalidNameAddress, 400, true),
        ["Contact empty element"] = (Request(extra: ["Contact: <sip:a@example.org>, ,<sip:b@example.org>"]), SipFailureReason.InvalidNameAddress, 400, true),
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in s_cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rejects_with_exact_reason_and_status(string name)
    {
        var (bytes, reason, status, hasMessage) = s_cases[name];
        var result = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true);
        Assert.False(result.Success);
        Assert.Equal(reason, result.Failure!.Value.Reason);
        Assert.Equal(status, result.Failure.Value.StatusCode);
        Assert.Equal(hasMessage, result.Message is not null);
        Assert.DoesNotContain('\r', result.Failure.Value.ReasonPhrase);
    }

    [Fact]
    public void Unreadable_request_uri_leaves_a_placeholder_so_the_request_can_be_answered()
    {
        var result = SipMessageParser.Parse(Request("OPTIONS <sip:bob@example.com> SIP/2.0"), new SipLimits(), isDatagram: true);
        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal("request-uri.invalid", request.RequestUri.Host);
        Assert.Equal("bad@pc.example.com", request.CallId);
        Assert.NotNull(request.TopVia);
    }

    [Fact]
    public void Unsupported_version_keeps_the_real_request_uri()
    {
        var result = SipMessageParser.Parse(Request("OPTIONS sip:bob@example.com SIP/3.0"), new SipLimits(), isDatagram: true);
        Assert.Equal(SipFailureReason.UnsupportedVersion, result.Failure!.Value.Reason);
        Assert.Equal("bob", Assert.IsType<SipRequest>(result.Message).RequestUri.User);
    }

    [Fact]
    public void Stream_message_needs_content_length()
    {
        var result = SipMessageParser.Parse(Request(contentLength: false), new SipLimits(), isDatagram: false);
        Assert.Equal(SipFailureReason.MissingRequiredHeader, result.Failure!.Value.Reason);
        Assert.Contains("Content-Length", result.Failure.Value.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_message_needs_an_empty_line()
    {
        var bytes = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Request())[..^2]);
        var result = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: false);
        Assert.Equal(SipFailureReason.MalformedHeader, result.Failure!.Value.Reason);
    }

    [Fact]
    public void Datagram_ending_mid_line_is_malformed()
    {
        var bytes = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Request())[..^5]);
        var result = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true);
        Assert.Equal(SipFailureReason.MalformedHeader, result.Failure!.Value.Reason);
    }

    [Theory]
    [InlineData("CSeq: 36893488147419103232 REGISTER", SipFailureReason.InvalidCSeq, "CSeq number is over 2^32-1")]
    [InlineData("Max-Forwards: 300", SipFailureReason.InvalidMaxForwards, "Max-Forwards is not 0-255")]
    [InlineData("Expires: 10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", SipFailureReason.InvalidExpires, "Expires is not delta-seconds up to 2^32-1")]
    [InlineData("Contact: <sip:user@host129.example.com>\r\n  ;expires=280297596632815", SipFailureReason.InvalidExpires, "Contact expires is not delta-seconds up to 2^32-1")]
    public void Scalar02_fields_each_fail_with_their_own_reason(string badLine, SipFailureReason reason, string detail)
    {
        // RFC 4475 §3.1.2.4, one overlarge field at a time.
        string[] good =
        [
            "CSeq: 36 REGISTER", "Max-Forwards: 70", "Expires: 3600", "Contact: <sip:user@host129.example.com>;expires=3600",
        ];
        var name = badLine[..badLine.IndexOf(':', StringComparison.Ordinal)];
        var lines = new List<string>
        {
            "REGISTER sip:example.com SIP/2.0",
            "Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3",
            "To: <sip:user@example.com>",
            "From: <sip:user@example.com>;tag=239232jh3",
            "Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32",
        };
        lines.AddRange(good.Select(g => g.StartsWith(name + ":", StringComparison.Ordinal) ? badLine : g));
        lines.Add("Content-Length: 0");

        var result = SipMessageParser.Parse(SipText.Message([.. lines]), new SipLimits(), isDatagram: true);
        Assert.Equal(reason, result.Failure!.Value.Reason);
        Assert.Equal(detail, result.Failure.Value.Detail);
        Assert.Equal(400, result.Failure.Value.StatusCode);
    }
}
