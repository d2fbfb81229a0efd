using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Parsing;

/// <summary>Well-formed messages, fed whole, with the fields the stack reads asserted.</summary>
public sealed class SipMessageParserTests
{
    private static readonly SipLimits s_limits = new();

    private static SipMessage ParseOk(byte[] bytes, bool isDatagram = true)
    {
        var result = SipMessageParser.Parse(bytes, s_limits, isDatagram);
        Assert.True(result.Success, result.Failure?.ToString());
        return result.Message!;
    }

    [Theory]
    [MemberData(nameof(SampleMessages.Names), MemberType = typeof(SampleMessages))]
    public void Parses_sample_as_datagram_and_as_stream(string name)
    {
        var bytes = SampleMessages.All[name];
        var datagram = ParseOk(bytes);
        var stream = ParseOk(bytes, isDatagram: false);
        Assert.Equal(datagram.Headers.Count, stream.Headers.Count);
        Assert.True(datagram.Body.Span.SequenceEqual(stream.Body.Span));
    }

    [Fact]
    public void Lync_subscribe_fields()
    {
        var request = Assert.IsType<SipRequest>(ParseOk(SampleMessages.LyncSubscribe));
        Assert.Same(SipMethods.Subscribe, request.Method);
        Assert.Equal("alice", request.RequestUri.User);
        Assert.Equal("contoso.com", request.RequestUri.Host);

        var vias = request.Vias.ToList();
        Assert.Equal(2, vias.Count);
        Assert.Equal("TLS", vias[0].Transport);
        Assert.Equal("10.0.0.21", vias[0].Host);
        Assert.Equal(5061, vias[0].Port);
        Assert.Equal("z9hG4bK8C2A4F1E.5B7D9E3A1C2B4D6F", request.TopVia!.Branch);
        Assert.Equal("\"bkY2ZmM=\"", vias[0].Parameters.Get("ms-internal-info"));
        Assert.Equal("50934", vias[1].Parameters.Get("ms-received-port"));

        Assert.Equal(2, request.Headers.GetValues(HeaderKind.RecordRoute).Count());
        Assert.Equal("Alice Example", request.From!.DisplayName);
        Assert.Equal("b9fc3d2a1e", request.From.Tag);
        Assert.Equal("7c0e3d8f12", request.From.Parameters.Get("epid"));
        Assert.Null(request.To!.Tag);
        Assert.Equal("4f1e7b2c9d8a4b6e8f0a1c3d5e7f9b2a", request.CallId);
        Assert.Equal(new CSeqHeader(1, "SUBSCRIBE"), request.CSeq);
        Assert.Equal(69, request.MaxForwards);
        Assert.Equal("presence", request.EventPackage);
        Assert.True(request.Headers.HasToken(HeaderKind.Supported, "eventlist"));
        Assert.True(request.Headers.HasToken(HeaderKind.Require, "categoryList"));
        Assert.Equal(5, request.Headers.GetValues(HeaderKind.Accept).Count());
        Assert.StartsWith("TLS-DSK qop=\"auth\"", request.Headers.GetFirst(HeaderKind.ProxyAuthorization), StringComparison.Ordinal);
        Assert.Equal("application/msrtc-adrl-categorylist+xml", request.ContentType);
        Assert.Equal(SampleMessages.LyncBody, Encoding.UTF8.GetString(request.Body.Span));
        Assert.Equal(21, request.Headers.Count);
    }

    [Fact]
    public void Compact_names_map_to_known_headers()
    {
        var request = Assert.IsType<SipRequest>(ParseOk(SampleMessages.Compact));
        Assert.Same(SipMethods.Notify, request.Method);
        HeaderKind[] expected =
        [
            HeaderKind.Via, HeaderKind.From, HeaderKind.To, HeaderKind.CallId, HeaderKind.CSeq, HeaderKind.Contact,
            HeaderKind.Event, HeaderKind.AllowEvents, HeaderKind.Supported, HeaderKind.Subject, HeaderKind.ContentType,
            HeaderKind.ContentEncoding, HeaderKind.ReferTo, HeaderKind.ReferredBy, HeaderKind.SessionExpires,
            HeaderKind.SubscriptionState, HeaderKind.ContentLength,
        ];
        Assert.Equal(expected, request.Headers.Select(h => h.Kind));
        Assert.Equal("Allow-Events", request.Headers[7].Name);
        Assert.Equal("presence", request.EventPackage);
        Assert.Equal("compact-1@192.0.2.20", request.CallId);
        Assert.Equal("<presence/>", Encoding.UTF8.GetString(request.Body.Span));
    }

    [Fact]
    public void Folded_values_read_unfolded_and_raw_keeps_the_fold()
    {
        var request = Assert.IsType<SipRequest>(ParseOk(SampleMessages.Folded));
        Assert.Equal("pc33.example.com", request.TopVia!.Host);
        Assert.Equal("SIP/2.0/UDP pc33.example.com;branch=z9hG4bKfold1", request.Headers.GetFirst(HeaderKind.Via));
        Assert.Equal("<sip:carol@example.com>", request.Headers.GetFirst(HeaderKind.To));
        Assert.Equal("fold", request.From!.Tag);
        Assert.Equal(new CSeqHeader(42, "OPTIONS"), request.CSeq);
        Assert.Equal("first part second part", request.Headers.GetFirst(HeaderKind.Subject));
        Assert.Equal("first part   \r\n\t  second part", Encoding.ASCII.GetString(request.Headers[5].RawValue));
        Assert.Equal("", request.Headers.GetFirst("Organization"));
        Assert.Equal("value", request.Headers.GetFirst("x-empty-later"));
        Assert.Null(request.Headers.GetFirst("X-Empty-Late"));
        Assert.Equal("X-Empty-Later", request.Headers[7].Name);
    }

    [Fact]
    public void Comma_separated_vias_and_ipv6_hosts()
    {
        var request = Assert.IsType<SipRequest>(ParseOk(SampleMessages.CommaViaIpv6));
        Assert.Equal("[2001:db8::10]", request.RequestUri.Host);
        Assert.Equal(5070, request.RequestUri.Port);
        Assert.Equal("tcp", request.RequestUri.Transport);

        var vias = request.Vias.ToList();
        Assert.Equal(4, vias.Count);
        Assert.Equal("[2001:db8::1]", vias[0].Host);
        Assert.Equal(5061, vias[0].Port);
        Assert.True(vias[0].HasRPort);
        Assert.Equal("proxy.example.com", vias[1].Host);
        Assert.Equal(5062, vias[2].Port);
        Assert.Equal("[::1]", vias[3].Host);
        Assert.Equal("z9hG4bKv6a", request.TopVia!.Branch);

        var contacts = request.Headers.GetValues(HeaderKind.Contact).ToList();
        Assert.Equal(2, contacts.Count);
        Assert.True(NameAddress.TryParse(contacts[0], out var first));
        Assert.Equal("[2001:db8::1]", first.Uri.Host);
        Assert.Equal("v6call@2001:db8::1", request.CallId);
    }

    [Fact]
    public void Escaped_uris_and_quoted_display_names()
    {
        var request = Assert.IsType<SipRequest>(ParseOk(SampleMessages.Escapes));
        Assert.Same(SipMethods.Message, request.Method);
        Assert.Equal("j%20doe", request.RequestUri.User);
        Assert.Equal("j doe", request.RequestUri.UserUnescaped);
        Assert.Equal("Doe, \"JD\" \\ John", request.From!.DisplayName);
        Assert.Equal("john", request.From.Uri.UserUnescaped);
        Assert.Equal("", request.To!.DisplayName);
        Assert.Equal("héllo wörld", Encoding.UTF8.GetString(request.Body.Span));
    }

    [Fact]
    public void Response_with_empty_reason_phrase()
    {
        var response = Assert.IsType<SipResponse>(ParseOk(SampleMessages.EmptyReason));
        Assert.Equal(180, response.StatusCode);
        Assert.Equal("", response.ReasonPhrase);
        Assert.True(response.IsProvisional);
        Assert.Equal(new CSeqHeader(9, "INVITE"), response.CSeq);
    }

    [Fact]
    public void Response_without_sp_before_an_empty_reason_phrase_is_accepted()
    {
        var bytes = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(SampleMessages.EmptyReason).Replace("180 \r\n", "180\r\n", StringComparison.Ordinal));
        var response = Assert.IsType<SipResponse>(ParseOk(bytes));
        Assert.Equal(180, response.StatusCode);
        Assert.Equal("", response.ReasonPhrase);
    }

    [Fact]
    public void Ok_response_fields()
    {
        var response = Assert.IsType<SipResponse>(ParseOk(SampleMessages.Ok));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.ReasonPhrase);
        Assert.True(response.IsSuccess);
        Assert.Equal(2, response.Vias.Count());
        Assert.Equal(3600, response.Expires);
        Assert.Equal("7d1a", response.To!.Tag);
        Assert.True(response.Body.IsEmpty);
    }

    [Fact]
    public void Bare_lf_line_ends_are_accepted()
    {
        var request = Assert.IsType<SipRequest>(ParseOk(SampleMessages.BareLf));
        Assert.Equal("one two", request.Headers.GetFirst("X-Folded"));
        Assert.Equal("body", Encoding.ASCII.GetString(request.Body.Span));
        Assert.Equal("lf", request.From!.Tag);
    }

    [Fact]
    public void Leading_line_ends_before_the_start_line_are_ignored()
    {
        var bytes = "\r\n\r\n\n"u8.ToArray().Concat(SampleMessages.Ok).ToArray();
        Assert.Equal(200, Assert.IsType<SipResponse>(ParseOk(bytes)).StatusCode);
    }

    [Fact]
    public void Version_is_case_insensitive_in_a_request_line()
    {
        var text = Encoding.ASCII.GetString(SampleMessages.Folded).Replace("SIP/2.0\r\nVia", "sip/2.0\r\nVia", StringComparison.Ordinal);
        Assert.IsType<SipRequest>(ParseOk(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Unknown_method_and_non_sip_request_uri_parse()
    {
        var bytes = SipText.Message(
        [
            "FROBNICATE tel:+1-201-555-0123 SIP/2.0",
            "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bKx",
            "From: <sip:a@example.com>;tag=1",
            "To: <tel:+1-201-555-0123>",
            "Call-ID: tel@h",
            "CSeq: 1 FROBNICATE",
            "Content-Length: 0",
        ]);
        var request = Assert.IsType<SipRequest>(ParseOk(bytes));
        Assert.Equal("FROBNICATE", request.Method);
        Assert.False(request.RequestUri.IsSip);
        Assert.Equal("tel", request.RequestUri.Scheme);
    }

    [Fact]
    public void Datagram_body_stops_at_content_length_and_without_it_runs_to_the_end()
    {
        var withLength = ParseOk([.. SampleMessages.BareLf, .. "TRAILING"u8]);
        Assert.Equal("body", Encoding.ASCII.GetString(withLength.Body.Span));

        var text = Encoding.ASCII.GetString(SampleMessages.Ok).Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal) + "rest of datagram";
        var without = ParseOk(Encoding.ASCII.GetBytes(text));
        Assert.Equal("rest of datagram", Encoding.ASCII.GetString(without.Body.Span));
    }

    [Fact]
    public void Unread_header_values_are_never_decoded()
    {
        // Same fields, values 10 vs 2,000 bytes long: if unread values became strings, the second would allocate ~80 KB more.
        static byte[] WithValues(int length) => SipText.Message(
        [
            .. Encoding.ASCII.GetString(SampleMessages.Ok).Split("\r\n").TakeWhile(l => l.Length > 0),
            .. Enumerable.Range(0, 20).Select(i => $"X-Unread-{i}: {new string('v', length)}"),
        ]);

        var small = WithValues(10);
        var large = WithValues(2_000);
        var limits = new SipLimits { MaxHeaderSectionBytes = 64 * 1024 };
        Assert.True(SipMessageParser.Parse(small, limits, isDatagram: true).Success);
        Assert.True(SipMessageParser.Parse(large, limits, isDatagram: true).Success);

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = SipMessageParser.Parse(small, limits, isDatagram: true);
        var smallCost = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        _ = SipMessageParser.Parse(large, limits, isDatagram: true);
        var largeCost = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(largeCost - smallCost, -1_000, 1_000);
    }

    [Theory]
    [MemberData(nameof(SampleMessages.Names), MemberType = typeof(SampleMessages))]
    public void Validation_decodes_no_value(string name)
    {
        // To, From, Call-ID, CSeq, Via, Contact, Expires and Max-Forwards are checked as bytes, folded or not.
        var message = ParseOk(SampleMessages.All[name]);
        Assert.All(message.Headers, field => Assert.True(field.IsRaw, field.Name));
    }

    [Fact]
    public void Validated_values_cost_nothing_per_byte_or_element()
    {
        // The same fields with longer values and more list elements: a parse allocates the message and its fields only.
        static byte[] Subscribe(int n) => SipText.Message(
        [
            "SUBSCRIBE sip:room@example.com SIP/2.0",
            "Via: " + string.Join(", ", Enumerable.Repeat($"SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK{new string('b', n)};rport", n)),
            "Max-Forwards: 70",
            $"From: \"{new string('a', n)}\" <sip:{new string('u', n)}@example.com>;tag={new string('t', n)}",
            $"To: <sip:room@example.com;{new string('p', n)}=1>",
            $"Call-ID: {new string('c', n)}@example.com",
            "CSeq: 1 SUBSCRIBE",
            "Contact: " + string.Join(", ", Enumerable.Repeat($"<sip:{new string('u', n)}@192.0.2.1>;expires=60", n)),
            "Expires: 600",
            "Event: presence",
            "Content-Length: 0",
        ]);

        var small = Subscribe(1);
        var large = Subscribe(40);
        Assert.True(SipMessageParser.Parse(small, s_limits, isDatagram: true).Success);
        Assert.True(SipMessageParser.Parse(large, s_limits, isDatagram: true).Success);

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = SipMessageParser.Parse(small, s_limits, isDatagram: true);
        var smallCost = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        _ = SipMessageParser.Parse(large, s_limits, isDatagram: true);
        var largeCost = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(smallCost, largeCost);
    }

    [Fact]
    public void Fields_past_the_inline_buffer_keep_their_order()
    {
        var lines = Encoding.ASCII.GetString(SampleMessages.Ok).Split("\r\n").TakeWhile(l => l.Length > 0).ToList();
        var extra = Enumerable.Range(0, 40).Select(i => $"X-Extra-{i}: {i}").ToList();
        var message = ParseOk(SipText.Message([.. lines, .. extra]));
        Assert.Equal(lines.Count - 1 + extra.Count, message.Headers.Count);
        Assert.Equal(extra, message.Headers.Skip(lines.Count - 1).Select(f => $"{f.Name}: {f.Value}"));
    }

    [Fact]
    public void Header_values_stay_slices_of_the_buffer()
    {
        var bytes = SampleMessages.LyncSubscribe;
        var request = ParseOk(bytes);
        var userAgent = request.Headers[request.Headers.IndexOf(HeaderKind.UserAgent)];
        Assert.True(userAgent.IsRaw);
        Assert.True(bytes.AsSpan().Overlaps(userAgent.RawValue));
        Assert.True(bytes.AsSpan().Overlaps(request.Body.Span));
    }
}
