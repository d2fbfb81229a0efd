using System.Net;
using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Tests.Writing;

/// <summary>Responses written straight from a received request's bytes, byte for byte.</summary>
public sealed class ResponseWriterTests
{
    private static readonly IPEndPoint s_source = new(IPAddress.Parse("192.0.2.7"), 40123);
    private static readonly ResponseStamp s_stamp = new("PresenceAgent/0.1", diagnostics: true);

    [Fact]
    public void Several_vias_come_back_in_order_with_only_the_top_one_stamped()
    {
        var request = Received(
            "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKtop;rport",
            "Via: SIP/2.0/TCP proxy.example:5060;branch=z9hG4bKmid;received=198.51.100.1, SIP/2.0/UDP lower.example;branch=z9hG4bKlow",
            "Via: SIP/2.0/TLS edge.example;branch=z9hG4bKlast;ms-received-cid=AB00");

        Assert.Equal(
            Lines(
                "SIP/2.0 200 OK",
                "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKtop;rport=40123;received=192.0.2.7",
                "Via: SIP/2.0/TCP proxy.example:5060;branch=z9hG4bKmid;received=198.51.100.1, SIP/2.0/UDP lower.example;branch=z9hG4bKlow",
                "Via: SIP/2.0/TLS edge.example;branch=z9hG4bKlast;ms-received-cid=AB00",
                "From: \"Watcher\" <sip:w@example.org>;tag=f1;epid=1a2b",
                "To: <sip:alice@example.com>;tag=t9",
                "Call-ID: c1@example.org",
                "CSeq: 7 SUBSCRIBE",
                "Server: PresenceAgent/0.1",
                "Expires: 600",
                "Contact: <sip:192.0.2.1:5060>",
                "Content-Length: 0"),
            Write(request, 200, "OK", "t9", out var target));
        Assert.Same(s_source, target);
    }

    [Fact]
    public void Combined_top_field_stamps_its_first_via_only()
    {
        var request = Received("Via: SIP/2.0/UDP a.example;branch=z9hG4bKa ,  SIP/2.0/UDP b.example;branch=z9hG4bKb;rport");

        Assert.Contains(
            "\r\nVia: SIP/2.0/UDP a.example;branch=z9hG4bKa;received=192.0.2.7 ,  SIP/2.0/UDP b.example;branch=z9hG4bKb;rport\r\n",
            Write(request, 200, "OK", "t9", out var target), StringComparison.Ordinal);
        Assert.Equal(new IPEndPoint(s_source.Address, 5060), target);
    }

    [Fact]
    public void Compact_and_folded_headers_are_written_long_and_unfolded()
    {
        var request = Parse(
            "SUBSCRIBE sip:alice@example.com SIP/2.0",
            "v: SIP/2.0/UDP 192.0.2.7:5062",
            " ;branch=z9hG4bKfold;rport",
            "f: <sip:w@example.org>",
            "\t;tag=f1",
            "t: sip:alice@example.com",
            "i: c2@example.org",
            "CSeq: 1",
            "  SUBSCRIBE",
            "Max-Forwards: 70",
            "Content-Length: 0");

        Assert.Equal(
            Lines(
                "SIP/2.0 202 Accepted",
                "Via: SIP/2.0/UDP 192.0.2.7:5062 ;branch=z9hG4bKfold;rport=40123;received=192.0.2.7",
                "From: <sip:w@example.org> ;tag=f1",
                "To: sip:alice@example.com;tag=t9",
                "Call-ID: c2@example.org",
                "CSeq: 1 SUBSCRIBE",
                "Server: PresenceAgent/0.1",
                "Expires: 600",
                "Contact: <sip:192.0.2.1:5060>",
                "Content-Length: 0"),
            Write(request, 202, "Accepted", "t9", out _));
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKx", "SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKx", 5060)]
    [InlineData("SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKx", "SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKx", 5060)]
    [InlineData("SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKx;rport=5080", "SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKx;rport=5080", 5080)]
    [InlineData("SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKx;rport=-1", "SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKx;rport=-1", 5070)]
    [InlineData("SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKx;rport=99999", "SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKx;rport=99999", 5070)]
    [InlineData("SIP/2.0/UDP phone.example:5070;branch=z9hG4bKx", "SIP/2.0/UDP phone.example:5070;branch=z9hG4bKx;received=192.0.2.7", 5070)]
    [InlineData("SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKx;received=10.0.0.1;x=y", "SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKx;received=192.0.2.7;x=y", 5070)]
    [InlineData("SIP/2.0/UDP 10.0.0.9;received=10.0.0.1;RPORT;branch=z9hG4bKx", "SIP/2.0/UDP 10.0.0.9;received=192.0.2.7;RPORT=40123;branch=z9hG4bKx", 40123)]
    [InlineData("SIP/2.0/UDP 192.0.2.7;rport;branch=z9hG4bKx;received=10.0.0.1", "SIP/2.0/UDP 192.0.2.7;rport=40123;branch=z9hG4bKx;received=192.0.2.7", 40123)]
    [InlineData("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKx", "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKx;received=192.0.2.7", 5060)]
    public void Received_and_rport_are_stamped_on_the_bytes(string via, string stamped, int port)
    {
        var written = Write(Received("Via: " + via), 200, "OK", "t9", out var target);

        Assert.Contains($"\r\nVia: {stamped}\r\n", written, StringComparison.Ordinal);
        Assert.Equal(new IPEndPoint(s_source.Address, port), target);
    }

    [Fact]
    public void A_received_parameter_naming_another_host_leaves_the_way_to_the_general_path()
    {
        var written = Write(Received("Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKx;received=198.51.100.4"), 200, "OK", "t9", out var target);

        Assert.Contains("\r\nVia: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKx;received=198.51.100.4\r\n", written, StringComparison.Ordinal);
        Assert.Null(target);
    }

    [Fact]
    public void An_ipv6_source_is_written_without_brackets_and_a_mapped_one_as_ipv4()
    {
        var v6 = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 5060);
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 5060);

        Assert.Contains(";rport=5060;received=2001:db8::7\r\n", Write(Received("Via: SIP/2.0/UDP [2001:db8::7];rport"), 200, "OK", "t", out _, v6), StringComparison.Ordinal);
        Assert.Contains("Via: SIP/2.0/UDP h.example;received=192.0.2.7\r\n", Write(Received("Via: SIP/2.0/UDP h.example"), 200, "OK", "t", out var target, mapped), StringComparison.Ordinal);
        Assert.Same(mapped, target);
    }

    [Fact]
    public void A_to_tag_already_there_is_kept_and_a_failure_carries_the_diagnostics()
    {
        var request = Received("Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKx", to: "To: <sip:alice@example.com;tag=uri-param>;tag=dialog");

        var written = Write(request, 481, "Call/Transaction Does Not Exist", "ignored", out _, added: new ResponseFields());

        Assert.Contains("\r\nTo: <sip:alice@example.com;tag=uri-param>;tag=dialog\r\n", written, StringComparison.Ordinal);
        Assert.EndsWith(
            "\r\nServer: PresenceAgent/0.1\r\nms-diagnostics-public: 52000;reason=\"Call/Transaction Does Not Exist\";component=\"PresenceAgent\"\r\nContent-Length: 0\r\n\r\n",
            written, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_without_a_scannable_via_is_left_to_the_general_path()
    {
        var request = Build.Request("OPTIONS", via: "SIP/2.0/UDP 192.0.2.7");
        request.Headers.RemoveAll(HeaderKind.Via);

        Assert.False(ResponseWriter.TryWrite(request, s_source, 200, "OK", "t", default, s_stamp, out _));
    }

    [Fact]
    public void An_extension_header_is_written_by_its_name_and_a_known_name_as_its_kind()
    {
        var added = default(ResponseFields);
        added.Add("SIP-ETag", "e1");
        added.Add("expires", "30");

        var written = Write(Received("Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKx"), 200, "OK", "t9", out _, added: added);

        Assert.EndsWith("\r\nServer: PresenceAgent/0.1\r\nSIP-ETag: e1\r\nExpires: 30\r\nContent-Length: 0\r\n\r\n", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_200_allocates_nothing_once_warm()
    {
        var request = Received(["Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKa;rport", "Via: SIP/2.0/UDP proxy.example;branch=z9hG4bKb"], "To: <sip:alice@example.com>");
        var added = Added();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(ResponseWriter.TryWrite(request, s_source, 200, "OK", "t9", added, s_stamp, out var warm));
            warm.Return();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        ResponseWriter.TryWrite(request, s_source, 200, "OK", "t9", added, s_stamp, out var written);
        written.Return();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    public static TheoryData<string> Vias => new()
    {
        "SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKa;rport",
        "SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKa",
        "SIP/2.0/TCP host.example;branch=z9hG4bKa;ms-received-port=5061, SIP/2.0/UDP 10.1.1.1;branch=z9hG4bKb",
        "SIP/2.0/UDP 10.0.0.9;received=10.0.0.1;rport;branch=z9hG4bKa",
        "SIP/2.0/UDP [2001:db8::1];branch=z9hG4bKa;rport=1234",
    };

    [Theory]
    [MemberData(nameof(Vias))]
    public void Writes_what_the_general_path_writes(string via)
    {
        var request = Received("Via: " + via);
        var added = Added();

        var general = SipResponseFactory.Create(request, 200, "OK", "t9");
        ViaStamper.Stamp(general, s_source);
        s_stamp.Apply(general);
        general.Headers.Add(HeaderKind.Expires, "600");
        general.Headers.Add(HeaderKind.Contact, "<sip:192.0.2.1:5060>");

        Assert.Equal(Encoding.UTF8.GetString(SipMessageWriter.ToArray(general)), Write(request, 200, "OK", "t9", out _, added: added));
    }

    private static ResponseFields Added()
    {
        var added = default(ResponseFields);
        added.Add(HeaderKind.Expires, 600);
        added.Add(HeaderKind.Contact, "<sip:192.0.2.1:5060>");
        return added;
    }

    private static string Write(SipRequest request, int status, string reason, string toTag, out IPEndPoint? target, IPEndPoint? source = null, ResponseFields? added = null)
    {
        Assert.True(ResponseWriter.TryWrite(request, source ?? s_source, status, reason, toTag, added ?? Added(), s_stamp, out var written));
        target = written.UdpTarget;
        var text = Encoding.UTF8.GetString(written.Bytes.Span);
        written.Return();
        return text;
    }

    private static SipRequest Received(params string[] vias) => Received(vias, "To: <sip:alice@example.com>");

    private static SipRequest Received(string via, string to) => Received([via], to);

    private static SipRequest Received(string[] vias, string to) => Parse(
    [
        "SUBSCRIBE sip:alice@example.com SIP/2.0",
        .. vias,
        "Max-Forwards: 70",
        "From: \"Watcher\" <sip:w@example.org>;tag=f1;epid=1a2b",
        to,
        "Call-ID: c1@example.org",
        "CSeq: 7 SUBSCRIBE",
        "Event: presence",
        "Content-Length: 0",
    ]);

    private static SipRequest Parse(params string[] lines)
    {
        var result = SipMessageParser.Parse(SipText.Message(lines), new SipLimits(), isDatagram: true);
        Assert.Null(result.Failure);
        return Assert.IsType<SipRequest>(result.Message);
    }

    private static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n\r\n";
}
