using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Tests.Parsing;

/// <summary>
/// A received message that nothing kept is parsed into again, and then reads only as the new message, whatever of the
/// old one was read; one still kept is never parsed into.
/// </summary>
public sealed class ReceivedMessagesTests
{
    private static readonly SipLimits s_limits = new();

    private static byte[] Subscribe(string user, string callId, string fromTag, string? toTag, int cseq, string body = "") => Encoding.UTF8.GetBytes(
        $"SUBSCRIBE sip:{user}@example.com SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-{callId}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:w@example.com>;tag={fromTag}\r\n" +
        $"To: <sip:{user}@example.com>{(toTag is null ? "" : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} SUBSCRIBE\r\n" +
        "Contact: <sip:w@192.0.2.1>\r\n" +
        "Event: presence\r\n" +
        $"Expires: {cseq * 100}\r\n" +
        $"Content-Length: {body.Length}\r\n\r\n{body}");

    private static byte[] Ok(string reason, string callId) => Encoding.UTF8.GetBytes(
        $"SIP/2.0 200 {reason}\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK-{callId}\r\nFrom: <sip:a@example.com>;tag=a\r\n" +
        $"To: <sip:b@example.com>;tag=b\r\nCall-ID: {callId}\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n");

    private static T Received<T>(byte[] bytes)
        where T : SipMessage
    {
        var result = SipMessageParser.Parse(bytes, s_limits, isDatagram: true, reuseMessages: true);
        Assert.True(result.Success, result.Failure?.ToString());
        return Assert.IsType<T>(result.Message);
    }

    private static void Release(SipMessage message)
    {
        message.BytesReleased = true;
        ReceivedMessages.Release(message);
    }

    [Fact]
    public void A_released_request_is_parsed_into_again_and_reads_only_as_the_new_one()
    {
        var first = Received<SipRequest>(Subscribe("alice", "call-1", "f1", toTag: null, cseq: 1, body: "x"));
        _ = (first.RequestUri, first.TopVia, first.From, first.To, first.Contact, first.CallId, first.CSeq, first.ToTag, first.FromTag);
        Release(first);

        var second = Received<SipRequest>(Subscribe("bob", "call-2", "f2", toTag: "t2", cseq: 2));

        Assert.Same(first, second);
        Assert.False(second.BytesReleased);
        Assert.Equal("bob", second.RequestUri.User);
        Assert.Equal("z9hG4bK-call-2", second.TopVia!.Branch);
        Assert.Equal("f2", second.From!.Tag);
        Assert.Equal("t2", second.To!.Tag);
        Assert.Equal("t2", second.ToTag);
        Assert.Equal("call-2", second.CallId);
        Assert.Equal(2u, second.CSeq!.Value.Number);
        Assert.Equal(200, second.Expires);
        Assert.True(second.Body.IsEmpty);
        Assert.Equal(10, second.Headers.Count);
        Assert.True(second.TryValidate(out _));
    }

    [Fact]
    public void A_released_response_is_parsed_into_again_with_its_status_line()
    {
        var first = Received<SipResponse>(Ok("Fine", "call-1"));
        _ = (first.CallId, first.TopVia, first.CSeq);
        Release(first);

        var second = Received<SipResponse>(Ok("OK", "call-2"));

        Assert.Same(first, second);
        Assert.Equal("OK", second.ReasonPhrase);
        Assert.Equal("call-2", second.CallId);
        Assert.Equal("z9hG4bK-call-2", second.TopVia!.Branch);
    }

    [Fact]
    public void A_message_not_released_is_never_parsed_into()
    {
        var kept = Received<SipRequest>(Subscribe("alice", "kept", "f1", toTag: null, cseq: 1));
        var next = Received<SipRequest>(Subscribe("bob", "next", "f2", toTag: null, cseq: 2));
        Release(next);
        var after = Received<SipRequest>(Subscribe("carol", "after", "f3", toTag: null, cseq: 3));

        Assert.NotSame(kept, next);
        Assert.NotSame(kept, after);
        Assert.Equal("alice", kept.RequestUri.User);
        Assert.Equal("kept", kept.CallId);
        Assert.Equal("f1", kept.FromTag);
    }

    [Fact]
    public void A_released_message_reads_as_empty_and_released_until_parsed_into()
    {
        var message = Received<SipRequest>(Subscribe("alice", "gone", "f1", toTag: null, cseq: 1, body: "x"));
        _ = (message.CallId, message.From);
        Release(message);

        Assert.True(message.BytesReleased);
        Assert.Empty(message.Headers);
        Assert.Null(message.CallId);
        Assert.Null(message.From);
        Assert.True(message.Body.IsEmpty);
    }

    [Fact]
    public void A_usual_reason_phrase_is_the_string_we_hold()
    {
        var ok = Assert.IsType<SipResponse>(SipMessageParser.Parse(Ok("OK", "c"), s_limits, isDatagram: true).Message);
        var other = Assert.IsType<SipResponse>(SipMessageParser.Parse(Ok("Okay then", "c"), s_limits, isDatagram: true).Message);

        Assert.Same(StatusCodes.DefaultReason(200), ok.ReasonPhrase);
        Assert.Equal("Okay then", other.ReasonPhrase);
    }
}
