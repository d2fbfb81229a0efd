using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Tests.Dialogs;

/// <summary>The notifier's (UAS) dialog built from SUBSCRIBE requests as they arrive on the wire (RFC 3261 §12.1.1, §12.2.1.1).</summary>
public sealed class DialogTests
{
    private const string LyncFrom = "\"Alice Example\"<sip:alice@contoso.com>;tag=b9fc3d2a1e;epid=7c0e3d8f12";
    private const string WatcherContact = "<sip:alice@192.0.2.10:5061;transport=tls;ob>";

    private static SipRequest Subscribe(string[] extra, string? contact = WatcherContact, uint cseq = 7, string? toTag = null, string from = LyncFrom)
    {
        string[] lines =
        [
            "SUBSCRIBE sip:meet.alice@vc.example.com SIP/2.0",
            "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK-dialog-1",
            .. extra,
            "Max-Forwards: 69",
            "From: " + from,
            "To: <sip:meet.alice@vc.example.com>" + (toTag is null ? "" : ";tag=" + toTag),
            "Call-ID: 4f1e7b2c9d8a",
            $"CSeq: {cseq} SUBSCRIBE",
            .. contact is null ? Array.Empty<string>() : ["Contact: " + contact],
            "Event: presence",
            "Content-Length: {CL}",
        ];
        var result = SipMessageParser.Parse(SipText.Message(lines), new SipLimits(), isDatagram: true);
        Assert.True(result.Success, result.Failure?.ToString());
        return Assert.IsType<SipRequest>(result.Message);
    }

    private static Dialog Create(params string[] extra) => Create(Subscribe(extra));

    private static Dialog Create(SipRequest request, uint localCSeqStart = 100)
    {
        Assert.True(Dialog.TryCreateUas(request, "pa-tag", localCSeqStart, out var dialog, out var error), error);
        return dialog;
    }

    private static string[] Routes(SipRequest request) => [.. request.Headers.GetValues(HeaderKind.Route)];

    [Fact]
    public void Identity_comes_from_call_id_our_tag_and_the_watcher_tag()
    {
        var dialog = Create();

        Assert.Equal(new DialogId("4f1e7b2c9d8a", "pa-tag", "b9fc3d2a1e"), dialog.Id);
        Assert.Equal(7u, dialog.RemoteCSeq);
    }

    [Fact]
    public void Route_set_is_every_record_route_uri_in_order_from_lists_and_separate_fields()
    {
        var dialog = Create(
            "Record-Route: <sip:fe01.contoso.com:5061;transport=tls;opaque=state:T:F:Ci.R2a3b00;lr;ms-route-sig=aaGx3y>;tag=5B1C9B2D, <sip:edge.contoso.com;lr>",
            "Record-Route: <sip:proxy.example.com;transport=tcp;lr>;tag=77");

        Assert.Equal(
            ["sip:fe01.contoso.com:5061;transport=tls;opaque=state:T:F:Ci.R2a3b00;lr;ms-route-sig=aaGx3y",
             "sip:edge.contoso.com;lr",
             "sip:proxy.example.com;transport=tcp;lr"],
            dialog.RouteSet ?? []);
    }

    [Fact]
    public void Without_record_route_there_is_no_route_set() => Assert.Null(Create().RouteSet);

    [Fact]
    public void Remote_target_is_the_contact_uri_without_uri_headers()
    {
        var dialog = Create(Subscribe([], contact: "\"Alice\" <sip:alice@192.0.2.10:5061;transport=tls;ob?Subject=hi>;expires=60;+sip.instance=\"<urn:uuid:1>\""));

        Assert.Equal("sip:alice@192.0.2.10:5061;transport=tls;ob", dialog.RemoteTarget);
    }

    [Theory]
    [InlineData(null, "missing Contact")]
    [InlineData("*", "invalid Contact")]
    [InlineData("<tel:+441234567890>", "invalid Contact")]
    public void A_subscribe_without_a_usable_contact_creates_no_dialog(string? contact, string reason)
    {
        Assert.False(Dialog.TryCreateUas(Subscribe([], contact), "pa-tag", 1, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void A_record_route_that_is_not_a_sip_uri_creates_no_dialog()
    {
        Assert.False(Dialog.TryCreateUas(Subscribe(["Record-Route: <http://proxy.example.com/>"]), "pa-tag", 1, out _, out var error));
        Assert.Equal("invalid Record-Route", error);
    }

    [Fact]
    public void Notify_to_a_loose_router_targets_the_contact_and_routes_through_the_route_set()
    {
        var dialog = Create(
            "Record-Route: <sip:fe01.contoso.com:5061;transport=tls;lr>;tag=5B1C9B2D",
            "Record-Route: <sip:edge.contoso.com;lr;ms-fe=fe01>");

        var notify = dialog.CreateRequest(SipMethods.Notify);

        Assert.Equal(SipMethods.Notify, notify.Method);
        Assert.Equal("sip:alice@192.0.2.10:5061;transport=tls;ob", notify.RequestUri.ToString());
        Assert.Equal(["<sip:fe01.contoso.com:5061;transport=tls;lr>", "<sip:edge.contoso.com;lr;ms-fe=fe01>"], Routes(notify));
    }

    [Fact]
    public void Notify_to_a_strict_router_puts_it_in_the_request_uri_and_the_target_last_in_route()
    {
        var dialog = Create(
            "Record-Route: <sip:strict.example.com;transport=udp;maddr=192.0.2.50>",
            "Record-Route: <sip:next.example.com;lr>");

        var notify = dialog.CreateRequest(SipMethods.Notify);

        Assert.Equal("sip:strict.example.com;transport=udp;maddr=192.0.2.50", notify.RequestUri.ToString());
        Assert.Equal(["<sip:next.example.com;lr>", "<sip:alice@192.0.2.10:5061;transport=tls;ob>"], Routes(notify));
    }

    [Fact]
    public void Notify_without_route_set_has_no_route_header()
    {
        var notify = Create().CreateRequest(SipMethods.Notify);

        Assert.Empty(Routes(notify));
        Assert.Equal("sip:alice@192.0.2.10:5061;transport=tls;ob", notify.RequestUri.ToString());
    }

    [Fact]
    public void Notify_to_is_the_subscribe_from_verbatim_and_from_is_the_subscribe_to_with_our_tag()
    {
        var notify = Create().CreateRequest(SipMethods.Notify);

        Assert.Equal(LyncFrom, notify.Headers.GetFirst(HeaderKind.To));
        Assert.Equal("<sip:meet.alice@vc.example.com>;tag=pa-tag", notify.Headers.GetFirst(HeaderKind.From));
        Assert.Equal("7c0e3d8f12", notify.To!.Parameters.Get("epid"));
        Assert.Equal("b9fc3d2a1e", notify.To.Tag);
        Assert.Equal("pa-tag", notify.From!.Tag);
        Assert.Equal("4f1e7b2c9d8a", notify.CallId);
        Assert.Equal(70, notify.MaxForwards);
    }

    [Fact]
    public void Each_request_takes_the_next_local_cseq()
    {
        var dialog = Create(Subscribe([]), localCSeqStart: 100);

        var first = dialog.CreateRequest(SipMethods.Notify);
        var second = dialog.CreateRequest(SipMethods.Notify);

        Assert.Equal(new CSeqHeader(101, SipMethods.Notify), first.CSeq);
        Assert.Equal(new CSeqHeader(102, SipMethods.Notify), second.CSeq);
    }

    [Fact]
    public void The_local_cseq_is_independent_of_the_remote_one()
    {
        var dialog = Create(Subscribe([], cseq: 5000), localCSeqStart: 1);

        Assert.Equal(2u, dialog.CreateRequest(SipMethods.Notify).CSeq!.Value.Number);
        Assert.Equal(5000u, dialog.RemoteCSeq);
    }

    [Fact]
    public void A_remote_cseq_must_increase()
    {
        var dialog = Create(Subscribe([], cseq: 7));

        Assert.False(dialog.TryAcceptRemoteCSeq(7));
        Assert.False(dialog.TryAcceptRemoteCSeq(6));
        Assert.True(dialog.TryAcceptRemoteCSeq(9));
        Assert.Equal(9u, dialog.RemoteCSeq);
        Assert.False(dialog.TryAcceptRemoteCSeq(8));
        Assert.False(dialog.TryAcceptRemoteCSeq(9));
        Assert.True(dialog.TryAcceptRemoteCSeq(10));
    }

    [Fact]
    public void A_refresh_with_a_new_contact_moves_the_remote_target()
    {
        var dialog = Create("Record-Route: <sip:proxy.example.com;lr>");

        dialog.RefreshTarget(Subscribe([], contact: "<sip:alice@198.51.100.7:40000;transport=tcp>", cseq: 8, toTag: "pa-tag"));
        var notify = dialog.CreateRequest(SipMethods.Notify);

        Assert.Equal("sip:alice@198.51.100.7:40000;transport=tcp", dialog.RemoteTarget);
        Assert.Equal("sip:alice@198.51.100.7:40000;transport=tcp", notify.RequestUri.ToString());
        Assert.Equal(["<sip:proxy.example.com;lr>"], Routes(notify)); // the route set is fixed at creation
    }

    [Fact]
    public void A_refresh_keeps_the_from_verbatim_non_ascii_display_name_included()
    {
        var request = Subscribe([]);
        request.Headers.RemoveAll(HeaderKind.From);
        request.Headers.Add(HeaderKind.From, "\"Zoë Ångström 会議\" <sip:zoe@example.com>;tag=z1;epid=e2");
        Assert.True(Dialog.TryCreateUas(request, "pa-tag", 1, out var dialog, out var error), error);

        dialog.RefreshTarget(Subscribe([], contact: "<sip:zoe@198.51.100.7:40000>", cseq: 8, toTag: "pa-tag"));

        Assert.Equal("\"Zoë Ångström 会議\" <sip:zoe@example.com>;tag=z1;epid=e2", dialog.RemoteHeader);
        Assert.Equal("z1", dialog.RemoteTag);
        Assert.Equal("sip:zoe@198.51.100.7:40000", dialog.RemoteTarget);
        Assert.Equal(dialog.RemoteHeader, dialog.CreateRequest(SipMethods.Notify).Headers.GetFirst(HeaderKind.To));
    }

    [Theory]
    [InlineData("<sip:alice@192.0.2.10:5061;transport=tls;ob>", "sip:alice@192.0.2.10:5061;transport=tls;ob")]
    [InlineData("\"Alice\" <sip:alice@192.0.2.10:5061;transport=tls;ob>;+sip.instance=\"<urn:x>\"", "sip:alice@192.0.2.10:5061;transport=tls;ob")]
    [InlineData("<sip:alice@192.0.2.10:5062;transport=tls;ob>", "sip:alice@192.0.2.10:5062;transport=tls;ob")]
    [InlineData("sip:alice@192.0.2.11", "sip:alice@192.0.2.11")]
    [InlineData("<sip:alice@192.0.2.10:5061;transport=tls;ob?Subject=x>", "sip:alice@192.0.2.10:5061;transport=tls;ob")]
    public void A_refresh_repeating_or_changing_the_contact_leaves_the_right_target(string contact, string target)
    {
        // The repeated Contact is recognised from its bytes; any other form goes through the parse.
        var dialog = Create();

        dialog.RefreshTarget(Subscribe([], contact: contact, cseq: 8, toTag: "pa-tag"));

        Assert.Equal(target, dialog.RemoteTarget);
        Assert.Equal(target, dialog.CreateRequest(SipMethods.Notify).RequestUri.ToString());
        Assert.Equal("b9fc3d2a1e", dialog.RemoteTag);
    }

    [Theory]
    [InlineData("<SIP:Alice@Host.Example:05061;Transport=TLS;ob;x=%41b>", "sip:Alice@Host.Example:5061;Transport=TLS;ob;x=%41b")]
    [InlineData("<sips:al%20ice:secret@[2001:db8::1];lr?Subject=x&Priority=y>;expires=60", "sips:al%20ice:secret@[2001:db8::1];lr")]
    [InlineData("sip:192.0.2.11:0;maddr=192.0.2.12 ;expires=60, <sip:second@192.0.2.13>", "sip:192.0.2.11:0")]
    [InlineData("<sip:long@192.0.2.10;opaque=LONG>", "sip:long@192.0.2.10;opaque=LONG")]
    public void The_target_is_the_contact_uri_as_the_parsed_uri_writes_it_without_headers(string contact, string target)
    {
        // Longer than the stack's buffer: built from the parsed URI instead.
        var filler = new string('x', 600);
        var request = Subscribe([], contact: contact.Replace("LONG", filler, StringComparison.Ordinal));

        var dialog = Create(request);

        Assert.Equal(target.Replace("LONG", filler, StringComparison.Ordinal), dialog.RemoteTarget);
        Assert.Equal(request.Contact!.Uri.WithoutHeaders().ToString(), dialog.RemoteTarget);
        Assert.Equal(LyncFrom, dialog.RemoteHeader);
    }

    [Theory]
    [InlineData("b9fc3d2a1e", true)]
    [InlineData("B9FC3D2A1E", false)]
    [InlineData("b9fc3d2a1", false)]
    [InlineData("", false)]
    public void The_remote_tag_is_compared_exactly(string tag, bool equal)
    {
        var dialog = Create();

        Assert.Equal(equal, dialog.RemoteTagEquals(tag));
        Assert.Equal(equal, string.Equals(dialog.RemoteTag, tag, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(LyncFrom, true)]
    [InlineData("\"Alice Example\"<sip:alice@contoso.com>;epid=7c0e3d8f12;tag=b9fc3d2a1e", true)]
    [InlineData("<sip:alice@contoso.com>;tag=B9FC3D2A1E", false)]
    [InlineData("<sip:alice@contoso.com>;tag=b9fc3d2a1e0", false)]
    [InlineData("<sip:alice@contoso.com>", false)]
    public void An_in_dialog_request_matches_by_its_received_from_tag(string from, bool matches)
    {
        var dialog = Create();

        Assert.Equal(matches, dialog.RemoteTagMatches(Subscribe(["X-Marker: 1"], cseq: 8, toTag: "pa-tag", from: from)));
    }

    [Fact]
    public void A_folded_or_rewritten_from_is_matched_by_its_text()
    {
        var dialog = Create();

        Assert.True(dialog.RemoteTagMatches(Subscribe([], cseq: 8, toTag: "pa-tag", from: "<sip:alice@contoso.com>\r\n ;tag=b9fc3d2a1e")));
        var rewritten = Subscribe([], cseq: 8, toTag: "pa-tag");
        rewritten.Headers.Set(HeaderKind.From, "<sip:alice@contoso.com>;tag=other");
        Assert.False(dialog.RemoteTagMatches(rewritten));
    }

    [Fact]
    public void A_from_without_a_tag_has_an_empty_remote_tag()
    {
        var request = Subscribe([]);
        request.Headers.Set(HeaderKind.From, "<sip:bob@example.com>;tag");
        Assert.True(Dialog.TryCreateUas(request, "pa-tag", 1, out var dialog, out var error), error);

        Assert.Equal("", dialog.RemoteTag);
        Assert.True(dialog.RemoteTagEquals(""));
        Assert.False(dialog.RemoteTagEquals(new string('x', 300)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    [InlineData("<mailto:alice@example.com>")]
    public void A_refresh_without_a_usable_contact_keeps_the_remote_target(string? contact)
    {
        var dialog = Create();

        dialog.RefreshTarget(Subscribe([], contact: contact, cseq: 8, toTag: "pa-tag"));

        Assert.Equal("sip:alice@192.0.2.10:5061;transport=tls;ob", dialog.RemoteTarget);
    }

    [Fact]
    public void A_built_notify_survives_the_writer_and_parser()
    {
        var dialog = Create(
            "Record-Route: <sip:fe01.contoso.com:5061;transport=tls;lr>;tag=5B1C9B2D, <sip:edge.contoso.com;lr>");
        var notify = dialog.CreateRequest(SipMethods.Notify);
        notify.Headers.Add(HeaderKind.Via, "SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK-notify-1");

        var result = SipMessageParser.Parse(SipMessageWriter.ToArray(notify), new SipLimits(), isDatagram: true);

        Assert.True(result.Success, result.Failure?.ToString());
        var parsed = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal(notify.RequestUri.ToString(), parsed.RequestUri.ToString());
        Assert.Equal(Routes(notify), Routes(parsed));
        Assert.Equal(LyncFrom, parsed.Headers.GetFirst(HeaderKind.To));
        Assert.Equal(notify.CSeq, parsed.CSeq);
    }
}
