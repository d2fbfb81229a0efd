using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Tests.Messages;

/// <summary>
/// The views read straight from a received message's bytes (tags, the transaction key's branch and sent-by) must give
/// what the parsed objects give, whatever the spelling.
/// </summary>
public sealed class ByteViewsTests
{
    private static SipRequest Parse(string to, string from, string via)
    {
        var text = $"SUBSCRIBE sip:room1@vc.example.com SIP/2.0\r\nVia: {via}\r\nFrom: {from}\r\nTo: {to}\r\n" +
                   "Call-ID: c1@x\r\nCSeq: 1 SUBSCRIBE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        var result = SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), new SipLimits(), isDatagram: true);
        return Assert.IsType<SipRequest>(result.Message);
    }

    [Theory]
    [InlineData("<sip:room1@vc.example.com>;tag=abc")]
    [InlineData("\"Room; tag=not-this\" <sip:room1@vc.example.com;tag=uri-param>;TAG=header")]
    [InlineData("sip:room1@vc.example.com;tag=addr-spec")]
    [InlineData("<sip:room1@vc.example.com>;tag")]
    [InlineData("<sip:room1@vc.example.com>")]
    [InlineData("<sip:room1@vc.example.com> ;\r\n tag=folded")]
    public void Tags_read_from_bytes_match_the_parsed_name_address(string nameAddress)
    {
        var fromBytes = Parse(nameAddress, nameAddress, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");
        var parsed = Parse(nameAddress, nameAddress, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");

        Assert.Equal(parsed.To?.Tag, fromBytes.ToTag);
        Assert.Equal(parsed.From?.Tag, fromBytes.FromTag);
        Assert.Equal(parsed.To?.Tag, TagBytes(fromBytes, HeaderKind.To));
        Assert.Equal(parsed.From?.Tag, TagBytes(fromBytes, HeaderKind.From));
    }

    [Theory]
    [InlineData("1 SUBSCRIBE", 1u, "SUBSCRIBE")]
    [InlineData(" 4294967295\tNOTIFY ", 4294967295u, "NOTIFY")]
    [InlineData("7 BREW", 7u, "BREW")]
    public void The_cseq_validation_read_is_the_cseq_and_a_change_is_read_again(string cseq, uint number, string method)
    {
        var text = "SUBSCRIBE sip:room1@vc.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n" +
                   "From: <sip:w@example.org>;tag=f1\r\nTo: <sip:room1@vc.example.com>\r\nCall-ID: c1@x\r\n" +
                   $"CSeq: {cseq}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        var message = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), new SipLimits(), isDatagram: true).Message);

        Assert.Equal(new CSeqHeader(number, method), message.CSeq);
        message.Headers.Set(HeaderKind.CSeq, "9 NOTIFY");
        Assert.Equal(new CSeqHeader(9, SipMethods.Notify), message.CSeq);
    }

    private static string? TagBytes(SipMessage message, HeaderKind kind) =>
        message.TryGetTag(kind, out var tag) ? Encoding.UTF8.GetString(tag) : null;

    [Theory]
    [InlineData("<sip:w@example.org>;tag=f1", "w@example.org")]
    [InlineData("\"Zoë\" <sips:Zo%C3%AB.%41x@Example.ORG:5061;transport=tls>;tag=f1", "Zoë.Ax@Example.ORG")]
    [InlineData("sip:%2541@example.org;tag=f1", "%41@example.org")]
    [InlineData("<sip:example.org>;tag=f1", "example.org")]
    [InlineData("<tel:+1-555-0100;phone-context=example.org>;tag=f1", "tel:+1-555-0100;phone-context=example.org")]
    public void The_from_address_read_from_bytes_matches_the_parsed_uri(string from, string address)
    {
        var fromBytes = Parse("<sip:room1@vc.example.com>", from, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");
        var parsed = Parse("<sip:room1@vc.example.com>", from, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");
        var uri = parsed.From!.Uri;

        Assert.Equal(address, fromBytes.FromAddressOfRecord);
        Assert.Equal(uri.IsSip ? uri.AddressOfRecord : $"{uri.Scheme}:{uri.Opaque}", fromBytes.FromAddressOfRecord);
        Assert.Equal(address, parsed.FromAddressOfRecord);

        Span<byte> utf8 = stackalloc byte[64];
        Assert.Equal(address, Encoding.UTF8.GetString(utf8[..fromBytes.ReadFromAddressOfRecord(utf8)]));
        Assert.Equal(-1, fromBytes.ReadFromAddressOfRecord(utf8[..(Encoding.UTF8.GetByteCount(address) - 1)]));
    }

    [Fact]
    public void A_changed_header_is_read_again()
    {
        var request = Parse("<sip:room1@vc.example.com>", "<sip:w@example.org>;tag=f1", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");
        Assert.Null(request.ToTag);

        request.Headers.Set(HeaderKind.To, "<sip:room1@vc.example.com>;tag=ours");

        Assert.Equal("ours", request.ToTag);
        Assert.Equal("ours", TagBytes(request, HeaderKind.To));
        Assert.Equal("f1", request.FromTag);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.1:5080;branch=z9hG4bKa1;rport", "z9hG4bKa1", "192.0.2.1", 5080)]
    [InlineData("SIP/2.0/TCP [2001:db8::1];received=192.0.2.9;branch=z9hG4bKv6", "z9hG4bKv6", "[2001:db8::1]", null)]
    [InlineData("SIP / 2.0 / UDP  host.example :5060 ; branch = z9hG4bKsp, SIP/2.0/UDP lower;branch=z9hG4bKno", "z9hG4bKsp", "host.example", 5060)]
    public void The_transaction_key_read_from_bytes_matches_the_parsed_via(string via, string branch, string host, int? port)
    {
        var request = Parse("<sip:room1@vc.example.com>", "<sip:w@example.org>;tag=f1", via);

        var read = ViaKey(request);

        Assert.Equal((branch, host, port), read);
        Assert.Equal((request.TopVia!.Branch!, request.TopVia.Host, request.TopVia.Port), read);
        Assert.False(request.TryCopyTopViaKey(stackalloc byte[branch.Length + host.Length - 1], out _, out _, out _));
    }

    [Fact]
    public void A_changed_via_is_read_again()
    {
        var request = Parse("<sip:room1@vc.example.com>", "<sip:w@example.org>;tag=f1", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKold");
        var before = ViaKey(request);

        request.Headers.Replace(request.Headers.IndexOf(HeaderKind.Via), "SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKnew");

        Assert.Equal(("z9hG4bKold", "192.0.2.1", (int?)null), before);
        Assert.Equal(("z9hG4bKnew", "192.0.2.7", (int?)5070), ViaKey(request));
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.1:5080;branch=1234")]
    [InlineData("SIP/2.0/UDP 192.0.2.1:5080")]
    public void Without_an_rfc3261_branch_the_key_is_left_to_the_fallback(string via)
    {
        var request = Parse("<sip:room1@vc.example.com>", "<sip:w@example.org>;tag=f1", via);

        Assert.Null(ViaKey(request));
    }

    private static (string Branch, string Host, int? Port)? ViaKey(SipMessage message)
    {
        Span<byte> bytes = stackalloc byte[64];
        return message.TryCopyTopViaKey(bytes, out var branch, out var host, out var port)
            ? (Encoding.UTF8.GetString(bytes[..branch]), Encoding.UTF8.GetString(bytes.Slice(branch, host)), port)
            : null;
    }

    [Theory]
    [InlineData("Supported: eventlist", "EventList", true)]
    [InlineData("Supported: timer, eventlist", "eventlist", true)]
    [InlineData("Supported: timer\r\nSupported: path ,\r\n eventlist", "eventlist", true)]
    [InlineData("Supported: eventlists, timer", "eventlist", false)]
    [InlineData("Subject: a, eventlist", "eventlist", false)]
    public void Tokens_are_found_in_the_bytes_as_the_values_read(string fields, string token, bool found)
    {
        var text = "OPTIONS sip:room1@vc.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:w@x>;tag=1\r\n" +
                   $"To: <sip:room1@vc.example.com>\r\nCall-ID: c1@x\r\nCSeq: 1 OPTIONS\r\n{fields}\r\nContent-Length: 0\r\n\r\n";
        var headers = SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), new SipLimits(), isDatagram: true).Message!.Headers;
        var kind = fields.StartsWith("Subject", StringComparison.Ordinal) ? HeaderKind.Subject : HeaderKind.Supported;

        Assert.Equal(found, headers.HasToken(kind, token));
        Assert.Equal(found, headers.GetValues(kind).Contains(token, StringComparer.OrdinalIgnoreCase));
    }
}
