using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Tests.Messages;

/// <summary>
/// URI parameters follow RFC 3261 §25.1 uri-parameter (pname and pvalue 1*paramchar, escapes allowed), not the token
/// rule of header parameters; they print back exactly as received.
/// </summary>
public sealed class SipUriParameterTests
{
    /// <summary>Each param-unreserved character, and the unreserved marks a token lacks, in a name and in a value.</summary>
    [Theory]
    [InlineData("x[1]=a")]
    [InlineData("a]b=a")]
    [InlineData("a/b=a")]
    [InlineData("a:b=a")]
    [InlineData("a&b=a")]
    [InlineData("a+b=a")]
    [InlineData("a$b=a")]
    [InlineData("x(1)")]
    [InlineData("x=[2001:db8::1]")]
    [InlineData("x=a/b")]
    [InlineData("x=a&b")]
    [InlineData("x=+1$")]
    [InlineData("[]/:&+$=[]/:&+$")]
    public void Paramchar_names_and_values_read_and_print_as_received(string parameter)
    {
        var text = $"sip:alice@example.com;lr;{parameter};transport=tcp";

        Assert.True(SipUri.TryParse(text, out var uri));

        Assert.Equal(3, uri.Parameters.Count);
        var eq = parameter.IndexOf('=', StringComparison.Ordinal);
        Assert.Equal(eq < 0 ? parameter : parameter[..eq], uri.Parameters[1].Key);
        Assert.Equal(eq < 0 ? null : parameter[(eq + 1)..], uri.Parameters[1].Value);
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("tcp", uri.Transport);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("x%41=%3B%3F%3C%3E")]
    [InlineData("%6c%72")]
    [InlineData("x=%0D%0A%20%22")]
    [InlineData("x=%00")]
    public void Escapes_are_kept_escaped(string parameter)
    {
        var text = $"sips:example.com:5061;{parameter}";

        Assert.True(SipUri.TryParse(text, out var uri));

        // Nothing decodes them: an escaped CRLF, quote or ';' cannot reach a header as itself.
        Assert.Equal(text, uri.ToString());
        var item = Assert.Single(uri.Parameters);
        Assert.Equal(parameter, item.Value is null ? item.Key : $"{item.Key}={item.Value}");
    }

    [Theory]
    [InlineData("x%")]
    [InlineData("x%4")]
    [InlineData("x%4=1")]
    [InlineData("x%zz")]
    [InlineData("x=%G1")]
    [InlineData("x=a%")]
    [InlineData("x=a%2")]
    [InlineData("x=%%41")]
    public void A_bad_escape_is_refused(string parameter) =>
        Assert.False(SipUri.TryParse($"sip:alice@example.com;{parameter}", out _));

    /// <summary>Bytes outside paramchar still break the URI, as does an empty name or value; LWS is no part of a URI.</summary>
    [Theory]
    [InlineData(";x y")]
    [InlineData(";x=a b")]
    [InlineData("; x")]
    [InlineData(";x ")]
    [InlineData(";x\t")]
    [InlineData(";x=a\r\n")]
    [InlineData(";x\rb")]
    [InlineData(";x=\"a\"")]
    [InlineData(";x=\"a;b\"")]
    [InlineData(";x<")]
    [InlineData(";x=a>")]
    [InlineData(";x=a=b")]
    [InlineData(";x=a,b")]
    [InlineData(";x`")]
    [InlineData(";x{1}")]
    [InlineData(";x\\")]
    [InlineData(";x=\u00e9")]
    [InlineData(";")]
    [InlineData(";;x")]
    [InlineData(";x;")]
    [InlineData(";=a")]
    [InlineData(";x=")]
    public void Anything_else_is_refused(string parameters) =>
        Assert.False(SipUri.TryParse($"sip:alice@example.com{parameters}", out _));

    [Fact]
    public void A_question_mark_ends_the_parameters()
    {
        Assert.True(SipUri.TryParse("sip:alice@example.com;x/y=a:b?subject=x&to=y", out var uri));

        Assert.Equal("a:b", uri.Parameters.Get("x/y"));
        Assert.Equal("subject=x&to=y", uri.Headers);
    }

    [Fact]
    public void Names_compare_ignoring_case()
    {
        Assert.True(SipUri.TryParse("sip:alice@example.com;X[A]=b;TRANSPORT=TLS;LR", out var uri));

        Assert.Equal("b", uri.Parameters.Get("x[a]"));
        Assert.Equal("TLS", uri.Transport);
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("sip:alice@example.com;X[A]=b;TRANSPORT=TLS;LR", uri.ToString());
    }

    [Fact]
    public void In_angle_brackets_the_uri_rule_applies_and_outside_the_header_rule()
    {
        const string text = "\"Alice\" <sip:alice@example.com;x/y=[1];ob>;tag=a1;+sip.instance=\"<urn:uuid:1>\"";

        Assert.True(NameAddress.TryParse(text, out var address));

        Assert.Equal("[1]", address.Uri.Parameters.Get("x/y"));
        Assert.Equal("a1", address.Tag);
        Assert.Equal(text, address.ToString());
        Assert.False(NameAddress.TryParse("<sip:alice@example.com>;x/y=1", out _));
        Assert.False(NameAddress.TryParse("<sip:alice@example.com>;x[1]", out _));
        Assert.False(NameAddress.TryParse("<sip:alice@example.com; x=1>", out _));

        // Without brackets the parameters are the header's, so they are tokens.
        Assert.True(NameAddress.TryParse("sip:alice@example.com;x%41=1", out var bare));
        Assert.Equal("1", bare.Parameters.Get("x%41"));
        Assert.Empty(bare.Uri.Parameters);
        Assert.False(NameAddress.TryParse("sip:alice@example.com;x/y=1", out _));
    }

    [Fact]
    public void Via_parameters_keep_the_token_rule()
    {
        Assert.True(ViaHeader.TryParse("SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;x=\"a/b\"", out _));
        Assert.False(ViaHeader.TryParse("SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;x/y", out _));
        Assert.False(ViaHeader.TryParse("SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;x[1]=a", out _));
    }

    [Fact]
    public void A_message_with_such_uris_parses_and_writes_them_unchanged()
    {
        const string requestUri = "sip:bob@example.com;x[1]=a/b:c;y%41=%3B;lr";
        const string contact = "<sip:alice@192.0.2.1:5060;ms-opaque=d3d:1&2;+x$=[::1]>;expires=60";
        var bytes = SipText.Message(
        [
            $"OPTIONS {requestUri} SIP/2.0",
            "Via: SIP/2.0/UDP pc.example.com;branch=z9hG4bKup1",
            "Max-Forwards: 70",
            "From: <sip:alice@example.com;a:b=c/d>;tag=1",
            "To: <sip:bob@example.com>",
            "Call-ID: up1@pc.example.com",
            "CSeq: 1 OPTIONS",
            $"Contact: {contact}",
            "Content-Length: {CL}",
        ]);

        var result = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true);

        Assert.True(result.Success, result.Failure?.ToString());
        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal("a/b:c", request.RequestUri.Parameters.Get("x[1]"));
        Assert.Equal("c/d", request.From!.Uri.Parameters.Get("a:b"));
        var written = Encoding.UTF8.GetString(SipMessageWriter.ToArray(request));
        Assert.StartsWith($"OPTIONS {requestUri} SIP/2.0\r\n", written, StringComparison.Ordinal);
        Assert.Contains($"\r\nContact: {contact}\r\n", written, StringComparison.Ordinal);
        Assert.True(NameAddress.TryParse(contact, out var parsed));
        Assert.Equal(contact, parsed.ToString());
    }

    [Theory]
    [InlineData("OPTIONS sip:bob@example.com;x%4 SIP/2.0")]
    [InlineData("OPTIONS sip:bob@example.com;x= SIP/2.0")]
    [InlineData("OPTIONS sip:bob@example.com;x\"y SIP/2.0")]
    public void A_bad_request_uri_parameter_is_refused_400(string startLine)
    {
        var bytes = SipText.Message(
        [
            startLine,
            "Via: SIP/2.0/UDP pc.example.com;branch=z9hG4bKup2",
            "Max-Forwards: 70",
            "From: <sip:alice@example.com>;tag=1",
            "To: <sip:bob@example.com>",
            "Call-ID: up2@pc.example.com",
            "CSeq: 1 OPTIONS",
            "Content-Length: {CL}",
        ]);

        var result = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true);

        Assert.False(result.Success);
        Assert.Equal(SipFailureReason.InvalidRequestUri, result.Failure!.Value.Reason);
        Assert.Equal(400, result.Failure.Value.StatusCode);
    }
}
