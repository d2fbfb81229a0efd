using System.Globalization;
using System.Text;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Tests.Support;

/// <summary>SUBSCRIBE requests written as a watcher puts them on the wire, parsed by the real parser.</summary>
internal static class SubscribeRequests
{
    /// <summary>A Lync-style From: display name, tag and the <c>epid</c> parameter the NOTIFY's To must keep.</summary>
    public const string WatcherFrom = "\"Watcher One\" <sip:watcher@example.org>;tag=w1;epid=7c0e3d8f12";

    public const string WatcherContact = "<sip:watcher@192.0.2.10:5070;transport=tcp>";

    public static SipRequest Parse(
        string callId = "call-1@watcher",
        string uri = "sip:meet.alice@vc.example.com",
        string eventHeader = "presence",
        string? contact = WatcherContact,
        uint cseq = 1,
        params string[] extraHeaders)
    {
        var result = SipMessageParser.Parse(Encoding.UTF8.GetBytes(Text(callId, uri, eventHeader, contact, cseq, extraHeaders: extraHeaders)), new SipLimits(),
            isDatagram: false);
        Assert.True(result.Success, result.Failure?.ToString());
        return Assert.IsType<SipRequest>(result.Message);
    }

    /// <summary>
    /// The request as it goes on the wire (over TCP: the Via names TCP); <paramref name="body"/>, when given, goes with
    /// <paramref name="extraHeaders"/> that say its type.
    /// </summary>
    public static string Text(
        string callId = "call-1@watcher",
        string uri = "sip:meet.alice@vc.example.com",
        string eventHeader = "presence",
        string? contact = WatcherContact,
        uint cseq = 1,
        string from = WatcherFrom,
        string body = "",
        params string[] extraHeaders)
    {
        var sb = new StringBuilder();
        sb.Append("SUBSCRIBE ").Append(uri).Append(" SIP/2.0\r\n");
        sb.Append("Via: SIP/2.0/TCP 192.0.2.10:5070;branch=z9hG4bK-").Append(callId).Append("\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append("From: ").Append(from).Append("\r\n");
        sb.Append("To: <").Append(uri).Append(">\r\n");
        sb.Append("Call-ID: ").Append(callId).Append("\r\n");
        sb.Append("CSeq: ").Append(cseq.ToString(CultureInfo.InvariantCulture)).Append(" SUBSCRIBE\r\n");
        if (contact is not null)
        {
            sb.Append("Contact: ").Append(contact).Append("\r\n");
        }

        sb.Append("Event: ").Append(eventHeader).Append("\r\n");
        foreach (var h in extraHeaders)
        {
            sb.Append(h).Append("\r\n");
        }

        sb.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        sb.Append(body);
        return sb.ToString();
    }

    /// <summary>The notifier's dialog for <paramref name="request"/>, as the SUBSCRIBE handler creates it.</summary>
    public static Dialog DialogFor(SipRequest request, string localTag = "pa-tag-1", uint localCSeqStart = 100)
    {
        Assert.True(Dialog.TryCreateUas(request, localTag, localCSeqStart, out var dialog, out var error), error);
        return dialog;
    }
}
