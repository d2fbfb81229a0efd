using System.Net;
using System.Text;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>A NOTIFY written from its dialog's lines, over a real UDP socket on loopback to a watcher that answers late.</summary>
public sealed class DialogRequestOverUdpTests
{
    [Fact]
    public async Task The_watcher_gets_the_notify_and_its_retransmission_byte_for_byte_and_its_answer_ends_it()
    {
        await using var h = await StackHarness.StartAsync();
        using var watcher = new UdpPeer(new IPEndPoint(IPAddress.Loopback, 0));
        // Padded, so the watcher's UDP budget (three times what it sent) covers the NOTIFY twice before it answers.
        Assert.Equal(200, (await watcher.RequestAsync(SipRequests.Text("SUBSCRIBE", watcher.SentBy,
            headers: ["Event: presence", $"Contact: <sip:watcher@{watcher.SentBy}>", "Subject: " + new string('p', 600)]), h.Udp)).StatusCode);
        Assert.True(Dialog.TryCreateUas(Assert.Single(h.Handler.Calls), "pa1", 1, out var dialog, out var error), error);

        var notify = dialog.NewRequest(SipMethods.Notify);
        notify.Set(HeaderKind.Event, "presence");
        notify.Set(HeaderKind.SubscriptionState, "active;expires=600");
        notify.Set(HeaderKind.ContentType, "application/pidf+xml");
        notify.Body = "<presence/>"u8.ToArray();
        var pending = new ResultSource();
        h.Stack.SendDialogRequest(notify, dialog.SourceFlow, pending);
        var (first, _) = await watcher.ReceiveBytesAsync();
        h.Time.Advance(TimeSpan.FromMilliseconds(500));
        var (again, _) = await watcher.ReceiveBytesAsync();

        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(again));

        // Written from the dialog's lines (its To right after our Via), not as a message (whose From comes first).
        Assert.Contains(";rport\r\nTo: ", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        var parsed = SipMessageParser.Parse(first, new SipLimits(), isDatagram: true);
        Assert.True(parsed.Success, parsed.Failure?.ToString());
        var request = Assert.IsType<SipRequest>(parsed.Message);
        Assert.Equal($"sip:watcher@{watcher.SentBy}", request.RequestUri.ToString());
        Assert.Equal("2 NOTIFY", request.Headers.GetFirst(HeaderKind.CSeq));
        Assert.Equal(dialog.RemoteHeader, request.Headers.GetFirst(HeaderKind.To));
        Assert.Equal("<presence/>", Encoding.UTF8.GetString(request.Body.Span));

        watcher.Send(SipRequests.OkFor(request), h.Udp);
        Assert.Equal(200, (await pending.Task.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }
}
