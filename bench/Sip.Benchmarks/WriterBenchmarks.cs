using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Benchmarks;

/// <summary>
/// SipMessageWriter on the NOTIFY the agent sends for a SIPp subscription (headers as the dialog builds them,
/// about 700 bytes of PIDF): into a reused buffer writer, and ToArray (what the transport layer calls per send); and
/// the head of the same NOTIFY as a dialog writes it over UDP, the path every NOTIFY of a subscription takes; and the 200
/// to the SUBSCRIBE, written from the request's bytes as the UAS core answers.
/// </summary>
[MemoryDiagnoser]
public class WriterBenchmarks
{
    private static readonly byte[] Branch = "z9hG4bK1308aa36598e0fc86437c756"u8.ToArray();

    private static readonly System.Net.IPEndPoint Source = new(System.Net.IPAddress.Loopback, 5080);

    private SipRequest _notify = null!;
    private SipRequest _subscribe = null!;
    private DialogRequest _dialogNotify = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly byte[] _head = new byte[4096];

    [GlobalSetup]
    public void Setup()
    {
        _notify = BuildNotify();
        var subscribe = (SipRequest)SipMessageParser.Parse(Encoding.ASCII.GetBytes(
            "SUBSCRIBE sip:room1@conf.bench.local SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-1;rport\r\n" +
            "From: <sip:w1@bench.local>;tag=1SIPpTag01\r\nTo: <sip:room1@conf.bench.local>\r\nCall-ID: 1-21617@127.0.0.1\r\n" +
            "CSeq: 1 SUBSCRIBE\r\nContact: <sip:w1@127.0.0.1:5080;transport=UDP>\r\nMax-Forwards: 70\r\nEvent: presence\r\n" +
            "Expires: 600\r\nContent-Length: 0\r\n\r\n"), new SipLimits(), isDatagram: true).Message!;
        _subscribe = subscribe;
        if (!Dialog.TryCreateUas(subscribe, "a72b0a4fde5eb25c", 52601, out var dialog, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _dialogNotify = dialog.NewRequest(SipMethods.Notify);
        _dialogNotify.Set(HeaderKind.Event, "presence");
        _dialogNotify.Set(HeaderKind.SubscriptionState, "active;expires=599");
        _dialogNotify.Set(HeaderKind.Contact, "<sip:127.0.0.1:5070>");
        _dialogNotify.Set(HeaderKind.ContentType, "application/pidf+xml");
        _dialogNotify.Body = Encoding.UTF8.GetBytes(Messages.PidfBody);
    }

    [Benchmark(Description = "Write the 200 to a SUBSCRIBE from its bytes (ResponseWriter)")]
    public int WriteSubscribeOk()
    {
        var added = default(ResponseFields);
        added.Add(HeaderKind.Expires, 600);
        added.Add(HeaderKind.Contact, "<sip:127.0.0.1:5070>");
        _buffer.ResetWrittenCount();
        ResponseWriter.TryWrite(_subscribe, Source, 200, "OK", "a72b0a4fde5eb25c", added, ResponseStamp.None, _buffer, out _);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Write a dialog's NOTIFY head (UDP send path)")]
    public int WriteDialogHead() => _dialogNotify.WriteHead(_head, "UDP", "127.0.0.1", 5070, Branch);

    [Benchmark(Description = "Write NOTIFY into reused buffer")]
    public int WriteNotify()
    {
        _buffer.ResetWrittenCount();
        SipMessageWriter.Write(_notify, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Write NOTIFY, ToArray")]
    public byte[] NotifyToArray() => SipMessageWriter.ToArray(_notify);

    [Benchmark(Description = "Build NOTIFY model + ToArray")]
    public byte[] BuildAndWrite() => SipMessageWriter.ToArray(BuildNotify());

    internal static SipRequest BuildNotify()
    {
        var headers = new SipHeaders();
        headers.Add(HeaderKind.Via, "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1308aa36598e0fc86437c756;rport");
        headers.Add(HeaderKind.From, "<sip:room1@conf.bench.local>;tag=a72b0a4fde5eb25c");
        headers.Add(HeaderKind.To, "<sip:w1@bench.local>;tag=1SIPpTag01");
        headers.Add(HeaderKind.CallId, "1-21617@127.0.0.1");
        headers.Add(HeaderKind.CSeq, "52602 NOTIFY");
        headers.Add(HeaderKind.MaxForwards, "70");
        headers.Add(HeaderKind.Event, "presence");
        headers.Add(HeaderKind.SubscriptionState, "active;expires=599");
        headers.Add(HeaderKind.Contact, "<sip:127.0.0.1:5070>");
        headers.Add(HeaderKind.ContentType, "application/pidf+xml");
        return new SipRequest("NOTIFY", SipUri.Parse("sip:w1@127.0.0.1:5080;transport=UDP"), headers)
        {
            Body = Encoding.UTF8.GetBytes(Messages.PidfBody),
        };
    }
}
