using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Parsing;

/// <summary>Every wire limit answers 513 and stops the work it bounds.</summary>
public sealed class SipMessageParserLimitTests
{
    private static byte[] RequestWith(IEnumerable<string> extra, string body = "", bool contentLength = true) => SipText.Message(
    [
        "OPTIONS sip:bob@example.com SIP/2.0",
        "Via: SIP/2.0/UDP pc.example.com;branch=z9hG4bKlim",
        "From: <sip:alice@example.com>;tag=1",
        "To: <sip:bob@example.com>",
        "Call-ID: limits@pc.example.com",
        "CSeq: 1 OPTIONS",
        .. extra,
        .. contentLength ? ["Content-Length: {CL}"] : Array.Empty<string>(),
    ],
    body);

    [Fact]
    public void Header_count_at_the_limit_is_accepted_and_one_more_is_513()
    {
        var limits = new SipLimits { MaxHeaderCount = 16 };

        // 5 required + 10 extra + Content-Length = 16 fields.
        var atLimit = SipMessageParser.Parse(RequestWith(Enumerable.Range(0, 10).Select(i => $"X-H{i}: {i}")), limits, isDatagram: true);
        Assert.True(atLimit.Success, atLimit.Failure?.ToString());

        var over = SipMessageParser.Parse(RequestWith(Enumerable.Range(0, 11).Select(i => $"X-H{i}: {i}")), limits, isDatagram: true);
        Assert.Equal(SipFailureReason.TooManyHeaders, over.Failure!.Value.Reason);
        Assert.Equal(513, over.Failure.Value.StatusCode);

        // The field past the limit was never built; the ones before it are there for the answer.
        Assert.Equal(16, over.Message!.Headers.Count);
        Assert.Equal("limits@pc.example.com", over.Message.CallId);
    }

    [Fact]
    public void Header_section_over_the_limit_is_513_without_searching_past_it()
    {
        var limits = new SipLimits { MaxHeaderSectionBytes = 1024 };
        var fits = RequestWith([$"X-Pad: {new string('a', 600)}"]);
        Assert.True(SipMessageParser.Parse(fits, limits, isDatagram: true).Success);

        var big = RequestWith([$"X-Pad: {new string('a', 1200)}"]);
        var result = SipMessageParser.Parse(big, limits, isDatagram: true);
        Assert.Equal(SipFailureReason.HeaderSectionTooLarge, result.Failure!.Value.Reason);
        Assert.Equal(513, result.Failure.Value.StatusCode);
        Assert.Equal(5, result.Message!.Headers.Count);
    }

    [Fact]
    public void Header_section_limit_counts_the_empty_line()
    {
        var limits = new SipLimits { MaxHeaderSectionBytes = 1024 };
        var probe = RequestWith(["X-Pad: "], contentLength: false);
        var pad = 1024 - probe.Length;

        var exactly = RequestWith([$"X-Pad: {new string('p', pad)}"], contentLength: false);
        Assert.Equal(1024, exactly.Length);
        Assert.True(SipMessageParser.Parse(exactly.Concat("BODY"u8.ToArray()).ToArray(), limits, isDatagram: true).Success);

        var oneMore = RequestWith([$"X-Pad: {new string('p', pad + 1)}"], contentLength: false);
        var result = SipMessageParser.Parse(oneMore.Concat("BODY"u8.ToArray()).ToArray(), limits, isDatagram: true);
        Assert.Equal(SipFailureReason.HeaderSectionTooLarge, result.Failure!.Value.Reason);
    }

    [Fact]
    public void Start_line_longer_than_the_section_limit_is_513()
    {
        var limits = new SipLimits { MaxHeaderSectionBytes = 1024 };
        var bytes = Encoding.ASCII.GetBytes($"OPTIONS sip:{new string('u', 2000)}@example.com SIP/2.0\r\n\r\n");
        var result = SipMessageParser.Parse(bytes, limits, isDatagram: true);
        Assert.Equal(SipFailureReason.HeaderSectionTooLarge, result.Failure!.Value.Reason);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Datagram_over_the_size_limit_is_513_before_anything_is_read()
    {
        var limits = new SipLimits { MaxDatagramSize = 1300 };
        var bytes = RequestWith([], body: new string('b', 1400));
        var result = SipMessageParser.Parse(bytes, limits, isDatagram: true);
        Assert.Equal(SipFailureReason.MessageTooLarge, result.Failure!.Value.Reason);
        Assert.Equal(513, result.Failure.Value.StatusCode);
        Assert.Null(result.Message);

        // The datagram limit is not a stream limit.
        Assert.True(SipMessageParser.Parse(bytes, limits, isDatagram: false).Success);
    }

    [Fact]
    public void Body_over_the_limit_is_513_with_or_without_content_length()
    {
        var limits = new SipLimits { MaxBodyBytes = 100 };
        var body = new string('b', 101);
        Assert.Equal(SipFailureReason.BodyTooLarge, SipMessageParser.Parse(RequestWith([], body), limits, isDatagram: true).Failure!.Value.Reason);
        Assert.Equal(SipFailureReason.BodyTooLarge, SipMessageParser.Parse(RequestWith([], body, contentLength: false), limits, isDatagram: true).Failure!.Value.Reason);
        Assert.True(SipMessageParser.Parse(RequestWith([], body[..100]), limits, isDatagram: true).Success);
    }
}
