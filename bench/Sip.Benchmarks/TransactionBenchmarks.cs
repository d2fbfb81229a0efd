using System.Buffers;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Benchmarks;

/// <summary>
/// The transaction layer's share of one SIPp SUBSCRIBE/NOTIFY call over UDP, inline as on the receive loop: SUBSCRIBE in
/// and its 200 out, a NOTIFY out and its 200 in, then the SUBSCRIBE with Expires: 0 and the terminating NOTIFY alike. The
/// transport is a stub that sends nothing (a fixed response head, a pooled NOTIFY head), and the two SUBSCRIBEs are
/// parsed once and made a new call each time by rewriting, in place, the digits of their branch, From tag and Call-ID
/// (the layer reads them from the bytes); so what is measured is the layer: keys, maps, completed tables, timers and
/// locks, plus the few allocations of the stub user (responses to NOTIFY are built as objects, their branch being known
/// only then).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class TransactionBenchmarks
{
    /// <summary>Where a call's number goes, as 16 hex digits.</summary>
    private const string Digits = "0000000000000000";

    private static readonly SipLimits Limits = new();
    private static readonly SipFlow Flow = new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 5060), new IPEndPoint(IPAddress.Loopback, 5070));

    private Call _subscribe = null!;
    private Call _unsubscribe = null!;
    private StubTransport _transport = null!;
    private TransactionLayer _layer = null!;
    private Dialog _dialog = null!;
    private ulong _next = (ulong)Environment.TickCount64 << 24;

    [GlobalSetup]
    public void Setup()
    {
        _transport = new StubTransport();
        _layer = new TransactionLayer(_transport, new SipTimerOptions(), new SipTransactionOptions(), TimeProvider.System, NullLogger<TransactionLayer>.Instance)
        {
            User = new AnsweringUser(),
        };
        _subscribe = new Call(Subscribe(toTag: null, expires: 600));
        _unsubscribe = new Call(Subscribe(toTag: "pa1", expires: 0));
        var first = new Call(Subscribe(toTag: null, expires: 600)).Request;
        first.Headers.Add(HeaderKind.Contact, "<sip:bob@127.0.0.1:5070>");
        if (!Dialog.TryCreateUas(first, "pa1", 1, out _dialog, out var error))
        {
            throw new InvalidOperationException(error);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _layer.Stop();

    [Benchmark(Description = "One SUBSCRIBE/NOTIFY call (2 server + 2 client transactions)")]
    public void OneCall()
    {
        var call = _next++;
        _layer.OnRequest(_subscribe.As(call), Flow);
        Notify();
        _layer.OnRequest(_unsubscribe.As(call), Flow);
        Notify();
    }

    /// <summary>What <see cref="OneCall"/> does besides the layer (rewriting digits, building NOTIFYs and responses), to subtract.</summary>
    [Benchmark(Baseline = true, Description = "The same call's stub work alone")]
    public int StubWorkOnly()
    {
        var call = _next++;
        var n = _subscribe.As(call).Headers.Count + _unsubscribe.As(call).Headers.Count;
        for (var i = 0; i < 2; i++)
        {
            var notify = _dialog.NewRequest(SipMethods.Notify);
            notify.Set(HeaderKind.Event, "presence");
            var headers = new SipHeaders();
            headers.Add(HeaderKind.Via, $"SIP/2.0/UDP 127.0.0.1:5060;branch={ClientBranch.New()}");
            headers.Add(HeaderKind.CSeq, "2 NOTIFY");
            n += new SipResponse(200, null, headers).Headers.Count + new SipResponse(200, null, new SipHeaders()).Headers.Count;
        }

        return n;
    }

    private void Notify()
    {
        var notify = _dialog.NewRequest(SipMethods.Notify);
        notify.Set(HeaderKind.Event, "presence");
        _layer.SendDialogRequest(notify, null, toSourceOnly: false, Completion.Instance);
        var headers = new SipHeaders();
        headers.Add(HeaderKind.Via, $"SIP/2.0/UDP 127.0.0.1:5060;branch={_transport.LastBranch}");
        headers.Add(HeaderKind.CSeq, "2 NOTIFY");
        _layer.OnResponse(new SipResponse(200, null, headers), Flow);
    }

    private static string Subscribe(string? toTag, int expires) =>
        $"SUBSCRIBE sip:room1@bench.local SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-{Digits}-{expires};rport\r\n" +
        $"From: <sip:watcher@bench.local>;tag={Digits}\r\n" +
        $"To: <sip:room1@bench.local>{(toTag is null ? "" : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {Digits}@127.0.0.1\r\n" +
        $"CSeq: {(expires == 0 ? 2 : 1)} SUBSCRIBE\r\n" +
        "Max-Forwards: 70\r\nEvent: presence\r\nAccept: application/pidf+xml\r\n" +
        $"Expires: {expires}\r\nContent-Length: 0\r\n\r\n";

    /// <summary>A request parsed once, whose branch, From tag and Call-ID digits are rewritten for each call.</summary>
    private sealed class Call
    {
        private readonly byte[] _bytes;
        private readonly int[] _digits;

        public Call(string text)
        {
            _bytes = Encoding.ASCII.GetBytes(text);
            _digits = [.. Enumerable.Range(0, text.Length).Where(i => string.CompareOrdinal(text, i, Digits, 0, Digits.Length) == 0 && (i == 0 || text[i - 1] != '0'))];
            Request = (SipRequest)SipMessageParser.Parse(_bytes, Limits, isDatagram: true).Message!;
        }

        public SipRequest Request { get; }

        public SipRequest As(ulong call)
        {
            foreach (var at in _digits)
            {
                System.Buffers.Text.Utf8Formatter.TryFormat(call, _bytes.AsSpan(at, Digits.Length), out _, new StandardFormat('x', (byte)Digits.Length));
            }

            return Request;
        }
    }

    /// <summary>Answers each request with 200 at once, on the receive loop, keeping nothing.</summary>
    private sealed class AnsweringUser : ITransactionUser
    {
        public bool HandledStatelessly(SipRequest request, SipFlow flow) => false;

        public void OnRequest(ServerTransaction transaction)
        {
            var response = new SipResponse(200, null, new SipHeaders());
            _ = transaction.SendResponseAsync(response);
            transaction.HandledInline = true;
        }
    }

    private sealed class Completion : IRequestCompletion
    {
        public static readonly Completion Instance = new();

        public void Completed(ClientTransactionResult result)
        {
        }

        public void Faulted(Exception exception)
        {
        }

        public bool KeepsResponses => false;
    }

    /// <summary>Sends nothing: a response is a fixed head of a 200's size, a NOTIFY a pooled head as the real transport writes.</summary>
    private sealed class StubTransport : ISipTransport
    {
        private static readonly byte[] s_ok = Encoding.ASCII.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-0000000000-600;rport=5070;received=127.0.0.1\r\n" +
            "From: <sip:watcher@bench.local>;tag=0000000000\r\nTo: <sip:room1@bench.local>;tag=pa1\r\nCall-ID: 0000000000@127.0.0.1\r\n" +
            "CSeq: 1 SUBSCRIBE\r\nExpires: 600\r\nContact: <sip:room1@127.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n");

        private static readonly NextHopTargets s_hop = new(SipUri.Parse("sip:bob@127.0.0.1:5070"), [new SipTarget(TransportProtocol.Udp, Flow.RemoteEndPoint)]);

        public string LastBranch { get; private set; } = "";

        public ValueTask<OutboundMessage?> SendResponseAsync(SipResponse response, SipFlow requestFlow) => new(new OutboundMessage(requestFlow, s_ok));

        public ValueTask<OutboundMessage?> SendResponseAsync(WrittenResponse response, SipFlow requestFlow) => new(new OutboundMessage(requestFlow, s_ok));

        public ValueTask<bool> ResendAsync(OutboundMessage message) => new(true);

        public void AddressAnswered(IPAddress address)
        {
        }

        public bool TryLocateKnown(ReadOnlySpan<byte> requestUri, out NextHopTargets hop)
        {
            hop = s_hop;
            return true;
        }

        public bool TryReserveUdp(DialogRequest request, SipTarget target) => true;

        public OutboundMessage? SendUdp(DialogRequest request, SipTarget target, ClientBranch branch)
        {
            LastBranch = branch.ToString();
            return new OutboundMessage(Flow, ArrayPool<byte>.Shared.Rent(512));
        }

        public ValueTask<OutboundMessage?> SendOnFlowAsync(SipRequest request, SipFlow flow, string branch) => throw new NotSupportedException();

        public ValueTask<NextHopTargets> LocateAsync(SipRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<OutboundMessage?> SendRequestAsync(SipRequest request, SipUri nextHop, SipTarget target, string branch, TimeSpan timeout, bool mayUseTcp,
            CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
