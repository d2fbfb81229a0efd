using System.Buffers;
using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Tests.Writing;

public sealed class SipMessageWriterTests
{
    private static SipMessage Parse(byte[] bytes)
    {
        var result = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true);
        Assert.True(result.Success, result.Failure?.ToString());
        return result.Message!;
    }

    private static string Write(SipMessage message) => Encoding.UTF8.GetString(SipMessageWriter.ToArray(message));

    [Fact]
    public void Writes_a_built_request_byte_for_byte()
    {
        var request = new SipRequest(SipMethods.Notify, SipUri.Parse("sip:alice@192.0.2.10:5060;transport=tcp"));
        request.Headers.Add(HeaderKind.Via, "SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK1");
        request.Headers.Add(HeaderKind.From, "<sip:pa@example.com>;tag=a");
        request.Headers.Add(HeaderKind.To, "<sip:alice@example.com>;tag=b");
        request.Headers.Add(HeaderKind.CallId, "c1");
        request.Headers.Add(HeaderKind.CSeq, "2 NOTIFY");
        request.Headers.Add("X-Custom", "yes");
        request.Body = "<presence/>"u8.ToArray();

        Assert.Equal(
            "NOTIFY sip:alice@192.0.2.10:5060;transport=tcp SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK1\r\n" +
            "From: <sip:pa@example.com>;tag=a\r\n" +
            "To: <sip:alice@example.com>;tag=b\r\n" +
            "Call-ID: c1\r\n" +
            "CSeq: 2 NOTIFY\r\n" +
            "X-Custom: yes\r\n" +
            "Content-Length: 11\r\n" +
            "\r\n" +
            "<presence/>",
            Write(request));
    }

    [Fact]
    public void Writes_a_response_status_line()
    {
        var response = new SipResponse(489);
        response.Headers.Add(HeaderKind.CallId, "x");
        Assert.Equal("SIP/2.0 489 Bad Event\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n", Write(response));
        Assert.StartsWith("SIP/2.0 180 \r\n", Write(new SipResponse(180, "")), StringComparison.Ordinal);
    }

    [Fact]
    public void Content_length_is_recomputed_once_where_the_first_stood()
    {
        var request = new SipRequest(SipMethods.Message, SipUri.Parse("sip:a@example.com"));
        request.Headers.Add(HeaderKind.CallId, "1");
        request.Headers.Add(HeaderKind.ContentLength, "999");
        request.Headers.Add(HeaderKind.ContentType, "text/plain");
        request.Headers.Add(HeaderKind.ContentLength, "5");
        request.Body = "hello!"u8.ToArray();

        Assert.Equal(
            "MESSAGE sip:a@example.com SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 6\r\nContent-Type: text/plain\r\n\r\nhello!",
            Write(request));
    }

    [Fact]
    public void Compact_names_are_expanded_and_order_kept()
    {
        var message = Parse(SampleMessages.Compact);
        var lines = Write(message).Split("\r\n");
        string[] names =
        [
            "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Event", "Allow-Events", "Supported", "Subject", "Content-Type",
            "Content-Encoding", "Refer-To", "Referred-By", "Session-Expires", "Subscription-State", "Content-Length",
        ];
        Assert.Equal(names, lines.Skip(1).Take(names.Length).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal("Content-Length: 11", lines[names.Length]);
    }

    [Fact]
    public void Unknown_names_keep_their_received_spelling()
    {
        var bytes = SipText.Message(
        [
            "OPTIONS sip:a@example.com SIP/2.0",
            "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
            "From: <sip:b@example.com>;tag=1",
            "To: <sip:a@example.com>",
            "Call-ID: n",
            "CSeq: 1 OPTIONS",
            "x-LoWeR-CaSe: v",
            "VIA: SIP/2.0/UDP h2;branch=z9hG4bK2",
            "Content-Length: 0",
        ]);
        var text = Write(Parse(bytes));
        Assert.Contains("\r\nx-LoWeR-CaSe: v\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nVia: SIP/2.0/UDP h2;branch=z9hG4bK2\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Folded_raw_values_are_written_on_one_line()
    {
        var text = Write(Parse(SampleMessages.Folded));
        Assert.Contains("\r\nVia: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKfold1\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nTo: <sip:carol@example.com>\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nFrom: \"Bob\" <sip:bob@example.com> ;tag=fold\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nSubject: first part second part\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nOrganization: \r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_ends_in_a_built_value_cannot_start_a_new_header()
    {
        var response = new SipResponse(400, "Bad\r\nInjected: 1");
        response.Headers.Add(HeaderKind.Subject, "a \r\n b\nVia: evil");
        var text = Write(response);
        Assert.StartsWith("SIP/2.0 400 Bad Injected: 1\r\nSubject: a b Via: evil\r\nContent-Length: 0\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_into_a_caller_buffer_writer_and_appends_after_existing_content()
    {
        var buffer = new ArrayBufferWriter<byte>(16);
        buffer.Write("prefix"u8);
        SipMessageWriter.Write(Parse(SampleMessages.LyncSubscribe), buffer);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.StartsWith("prefixSUBSCRIBE sip:alice@contoso.com SIP/2.0\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + SampleMessages.LyncBody, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_values_and_binary_bodies_survive()
    {
        var bytes = SampleMessages.Escapes;
        var written = SipMessageWriter.ToArray(Parse(bytes));
        Assert.Equal("héllo wörld", Encoding.UTF8.GetString(written.AsSpan(written.Length - Encoding.UTF8.GetByteCount("héllo wörld"))));
    }
}
