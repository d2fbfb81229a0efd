using System.Buffers;
using System.Text;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Presence;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Hosting;

/// <summary>
/// Runs the per-message code once before SIP opens, so the first watchers after a start or a restart do not wait
/// for the JIT: a cold first SUBSCRIBE took long enough for UDP clients to retransmit it.
/// </summary>
internal static class Warmup
{
    private static readonly byte[] s_subscribe = Encoding.ASCII.GetBytes(
        "SUBSCRIBE sip:warmup@warmup.invalid SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKwarmup;rport\r\n" +
        "Max-Forwards: 70\r\nFrom: <sip:w@warmup.invalid>;tag=1\r\nTo: <sip:warmup@warmup.invalid>\r\n" +
        "Call-ID: warmup\r\nCSeq: 1 SUBSCRIBE\r\nContact: <sip:w@127.0.0.1:5060>\r\nEvent: presence\r\n" +
        "Accept: application/pidf+xml\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n");

    public static void Run()
    {
        var parsed = SipMessageParser.Parse(s_subscribe, new SipLimits(), isDatagram: true);
        if (parsed.Message is not SipRequest request)
        {
            return;
        }

        _ = (request.TopVia?.Branch, request.FromTag, request.ToTag, request.From, request.To, request.CSeq, request.EventPackage, request.Expires);
        var notify = new SipRequest(SipMethods.Notify, request.RequestUri);
        notify.Headers.Add(HeaderKind.CallId, request.CallId!);
        notify.Body = PidfWriter.ToBytes(new ContactPresence
        {
            Entity = "sip:warmup@warmup.invalid",
            DisplayName = "warm-up",
            Description = "warm-up",
            IconUrl = new Uri("http://warmup.invalid/avatars/default.jpg"),
            State = StateCatalogue.BuiltIn.Available,
            Language = PresenceLanguages.Default.First,
            Timestamp = DateTimeOffset.UnixEpoch,
        });
        SipMessageWriter.Write(notify, new ArrayBufferWriter<byte>(2048));
    }
}
