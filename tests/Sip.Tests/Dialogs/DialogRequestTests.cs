using System.Text;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Tests.Dialogs;

/// <summary>Requests within a dialog written from its pre-written lines: byte-exact heads, CSeq, target refresh.</summary>
public sealed class DialogRequestTests
{
    private const string Branch = "z9hG4bKbranch";

    private static SipRequest Subscribe(string contact, params string[] extra)
    {
        string[] lines =
        [
            "SUBSCRIBE sip:meet.alice@vc.example.com SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-dialog-1",
            .. extra,
            "Max-Forwards: 69",
            "From: \"Zoë Example\"<sip:zoe@contoso.com>;tag=b9fc3d2a1e;epid=7c0e3d8f12",
            "To: <sip:meet.alice@vc.example.com>",
            "Call-ID: 4f1e7b2c9d8a",
            "CSeq: 7 SUBSCRIBE",
            "Contact: " + contact,
            "Event: presence",
            "Content-Length: {CL}",
        ];
        var result = SipMessageParser.Parse(SipText.Message(lines), new SipLimits(), isDatagram: true);
        Assert.True(result.Success, result.Failure?.ToString());
        return Assert.IsType<SipRequest>(result.Message);
    }

    private static Dialog Create(params string[] extra)
    {
        Assert.True(Dialog.TryCreateUas(Subscribe("<sip:zoe@192.0.2.10:5060;ob>", extra), "pa-tag", 100, out var dialog, out var error), error);
        return dialog;
    }

    private static DialogRequest Notify(Dialog dialog, string state = "active;expires=600")
    {
        var notify = dialog.NewRequest(SipMethods.Notify);
        notify.Set(HeaderKind.Event, "presence");
        notify.Set(HeaderKind.SubscriptionState, state);
        notify.Set(HeaderKind.ContentType, "application/pidf+xml");
        notify.Body = "<presence/>"u8.ToArray();
        return notify;
    }

    /// <summary>The head as the UDP path writes it, into an array of exactly the length the request reckons.</summary>
    private static string Head(DialogRequest request)
    {
        var head = new byte[request.HeadLengthWithoutVia() + DialogRequest.ViaLength("UDP", "192.0.2.1", 5060, Branch.Length)];
        Assert.Equal(head.Length, request.WriteHead(head, "UDP", "192.0.2.1", 5060, Encoding.ASCII.GetBytes(Branch)));
        return Encoding.UTF8.GetString(head);
    }

    [Fact]
    public void The_reckoned_head_length_follows_every_change_after_it_was_first_asked()
    {
        var notify = Notify(Create());
        var first = notify.HeadLengthWithoutVia();

        // Each change below alters the head; Head() fails unless the length asked after it is the one written.
        notify.Set(HeaderKind.SubscriptionState, "terminated;reason=timeout");
        Assert.Contains("terminated;reason=timeout", Head(notify), StringComparison.Ordinal);
        notify.Body = new byte[1234];
        Assert.Contains("Content-Length: 1234", Head(notify), StringComparison.Ordinal);
        Assert.True(notify.Remove(HeaderKind.ContentType));
        Assert.DoesNotContain("Content-Type", Head(notify), StringComparison.Ordinal);
        notify.Clear();
        Assert.DoesNotContain("Event", Head(notify), StringComparison.Ordinal);
        Assert.NotEqual(first, notify.HeadLengthWithoutVia());
    }

    [Fact]
    public void A_notify_head_is_the_start_line_our_via_the_dialogs_lines_from_call_id_cseq_the_callers_fields_and_content_length()
    {
        Assert.Equal(
            "NOTIFY sip:zoe@192.0.2.10:5060;ob SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKbranch;rport\r\n" +
            "To: \"Zoë Example\"<sip:zoe@contoso.com>;tag=b9fc3d2a1e;epid=7c0e3d8f12\r\n" +
            "From: <sip:meet.alice@vc.example.com>;tag=pa-tag\r\n" +
            "Call-ID: 4f1e7b2c9d8a\r\n" +
            "CSeq: 101 NOTIFY\r\n" +
            "Max-Forwards: 70\r\n" +
            "Event: presence\r\n" +
            "Subscription-State: active;expires=600\r\n" +
            "Content-Type: application/pidf+xml\r\n" +
            "Content-Length: 11\r\n\r\n",
            Head(Notify(Create())));
    }

    [Fact]
    public void Loose_routes_go_first_and_a_strict_router_becomes_the_request_uri_with_the_target_last()
    {
        var loose = Head(Notify(Create("Record-Route: <sip:fe.contoso.com;lr>, <sip:edge.contoso.com;lr>")));
        Assert.StartsWith("NOTIFY sip:zoe@192.0.2.10:5060;ob SIP/2.0\r\n", loose, StringComparison.Ordinal);
        Assert.Contains(";rport\r\nRoute: <sip:fe.contoso.com;lr>\r\nRoute: <sip:edge.contoso.com;lr>\r\nTo: ", loose, StringComparison.Ordinal);

        var strict = Head(Notify(Create("Record-Route: <sip:old.contoso.com>, <sip:edge.contoso.com;lr>")));
        Assert.StartsWith("NOTIFY sip:old.contoso.com SIP/2.0\r\n", strict, StringComparison.Ordinal);
        Assert.Contains(";rport\r\nRoute: <sip:edge.contoso.com;lr>\r\nRoute: <sip:zoe@192.0.2.10:5060;ob>\r\nTo: ", strict, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_request_takes_the_next_cseq_shared_with_requests_made_as_messages()
    {
        var dialog = Create();

        Assert.Equal(101u, dialog.NewRequest(SipMethods.Notify).CSeq);
        Assert.Equal(102u, dialog.NewRequest(SipMethods.Notify).CSeq);
        Assert.Equal(103u, dialog.CreateRequest(SipMethods.Notify).CSeq!.Value.Number);
        Assert.Contains("\r\nCSeq: 104 NOTIFY\r\n", Head(Notify(dialog)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reused_request_is_the_new_one_alone_of_whichever_dialog_reuses_it()
    {
        var first = Notify(Create());
        var other = Create("Record-Route: <sip:edge.contoso.com;lr>");

        var reused = other.NewRequest(SipMethods.Notify, first);
        reused.Set(HeaderKind.SubscriptionState, "terminated;reason=timeout");

        Assert.Same(first, reused);
        Assert.Same(other, reused.Dialog);
        Assert.Equal(101u, reused.CSeq);
        Assert.Null(reused.Get(HeaderKind.Event));
        Assert.True(reused.Body.IsEmpty);
        var head = Head(reused);
        Assert.Contains("\r\nRoute: <sip:edge.contoso.com;lr>\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nSubscription-State: terminated;reason=timeout\r\nContent-Length: 0\r\n\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Type", head, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_refresh_rewrites_the_request_uri_and_a_request_made_before_keeps_the_old_one()
    {
        var dialog = Create();
        var before = Notify(dialog);

        dialog.RefreshTarget(Subscribe("<sip:zoe@198.51.100.7:5080;transport=udp>"));

        Assert.Equal("sip:zoe@198.51.100.7:5080;transport=udp", dialog.RemoteTarget);
        Assert.StartsWith("NOTIFY sip:zoe@198.51.100.7:5080;transport=udp SIP/2.0\r\n", Head(Notify(dialog)), StringComparison.Ordinal);
        Assert.StartsWith("NOTIFY sip:zoe@192.0.2.10:5060;ob SIP/2.0\r\n", Head(before), StringComparison.Ordinal);
        Assert.Equal("\"Zoë Example\"<sip:zoe@contoso.com>;tag=b9fc3d2a1e;epid=7c0e3d8f12", dialog.RemoteHeader);
    }

    [Fact]
    public void A_refresh_naming_the_same_contact_leaves_the_lines_as_they_were()
    {
        var dialog = Create();
        var before = Head(Notify(dialog)).Replace("CSeq: 101", "CSeq: 102", StringComparison.Ordinal);

        dialog.RefreshTarget(Subscribe("<sip:zoe@192.0.2.10:5060;ob>"));

        Assert.Equal(before, Head(Notify(dialog)));
    }

    [Fact]
    public void As_a_message_it_carries_the_same_fields_and_body()
    {
        var notify = Notify(Create("Record-Route: <sip:fe.contoso.com;lr>"));
        var written = Parse([.. Encoding.UTF8.GetBytes(Head(notify)), .. notify.Body.Span]);
        var request = notify.ToSipRequest();
        request.Headers.Prepend(HeaderKind.Via, "SIP/2.0/UDP 192.0.2.1:5060;branch=" + Branch + ";rport");
        var message = Parse(SipMessageWriter.ToArray(request));

        Assert.Equal(written.RequestUri.ToString(), message.RequestUri.ToString());
        foreach (var kind in new[] { HeaderKind.Route, HeaderKind.From, HeaderKind.To, HeaderKind.CallId, HeaderKind.CSeq, HeaderKind.MaxForwards, HeaderKind.Event, HeaderKind.SubscriptionState, HeaderKind.ContentType })
        {
            Assert.Equal(written.Headers.GetFirst(kind), message.Headers.GetFirst(kind));
        }

        Assert.Equal("<presence/>"u8.ToArray(), message.Body.ToArray());
    }

    [Fact]
    public void A_line_break_in_a_value_is_written_as_a_space()
    {
        var notify = Notify(Create(), state: "active\r\nX-Injected: 1");

        Assert.Contains("\r\nSubscription-State: active  X-Injected: 1\r\n", Head(notify), StringComparison.Ordinal);
    }

    [Fact]
    public void Set_replaces_in_place_remove_drops_and_the_stacks_own_fields_are_refused()
    {
        var notify = Notify(Create());
        notify.Set(HeaderKind.Event, "presence;id=7");
        Assert.True(notify.Remove(HeaderKind.ContentType));
        Assert.False(notify.Remove(HeaderKind.ContentType));

        Assert.Equal("presence;id=7", notify.Get(HeaderKind.Event));
        Assert.Null(notify.Get(HeaderKind.ContentType));
        Assert.Contains("\r\nEvent: presence;id=7\r\nSubscription-State: active;expires=600\r\nContent-Length: 11\r\n", Head(notify), StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => notify.Set(HeaderKind.Via, "SIP/2.0/UDP x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => notify.Set(HeaderKind.ContentLength, "0"));
    }

    [Fact]
    public void A_request_is_one_small_object_holding_the_callers_fields_inline()
    {
        var dialog = Create();
        _ = dialog.NewRequest(SipMethods.Notify);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var notify = dialog.NewRequest(SipMethods.Notify);
        notify.Set(HeaderKind.Event, "presence");
        notify.Set(HeaderKind.SubscriptionState, "active;expires=600");
        notify.Set(HeaderKind.Contact, "<sip:pa@192.0.2.1>");
        notify.Set(HeaderKind.Require, "eventlist");
        notify.Set(HeaderKind.ContentType, "application/pidf+xml");
        notify.Set(HeaderKind.Subject, "six");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 1, 120);
        Assert.Throws<InvalidOperationException>(() => notify.Set(HeaderKind.Accept, "seven"));
    }

    private static SipRequest Parse(byte[] bytes)
    {
        var result = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true);
        Assert.True(result.Success, result.Failure?.ToString());
        return Assert.IsType<SipRequest>(result.Message);
    }
}
