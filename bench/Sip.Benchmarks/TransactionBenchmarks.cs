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
/// transport is a stub that sends nothing (a fixed response head, a pooled NOTIFY head), and the requests are parsed
/// before each iteration, so what is measured is the layer: keys, maps, completed tables, timers and locks, plus the
/// few allocations of the stub user (responses to NOTIFY are built as objects, their branch being known only then).
/// </summary>
[MemoryDiagnoser]
public class TransactionBenchmarks
{
    private const int Calls = 20_000;

    private static readonly SipLimits Limits = new();
    private static readonly SipFlow Flow = new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 5060), new IPEndPoint(IPAddress.Loopback, 5070));

    private readonly SipRequest[] _subscribes = new SipRequest[Calls];
    private readonly SipRequest[] _unsubscribes = new SipRequest[Calls];
    private StubTransport _transport = null!;
    private TransactionLayer _layer = null!;
    private Dialog _dialog = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _transport = new StubTransport();
        _layer = new TransactionLayer(_transport, new SipTimerOptions(), new SipTransactionOptions(), TimeProvider.System, NullLogger<TransactionLayer>.Instance)
        {
            User = new AnsweringUser(),
        };
        var first = Parse(Subscribe(0, toTag: null, expires: 600));
        first.Headers.Add(HeaderKind.Contact, "<sip:bob@127.0.0.1:5070>");
        if (!Dialog.TryCreateUas(first, "pa1", 1, out _dialog, out var error))
        {
            throw new InvalidOperationException(error);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _layer.Stop();

    [IterationSetup]
    public void ParseCalls()
    {
        // Unique per iteration, so no call is taken for a retransmission of one in an earlier iteration (Timer J).
        var seed = Environment.TickCount64 * Calls;
        for (var i = 0; i < Calls; i++)
        {
            _subscribes[i] = Parse(Subscribe(seed + i, toTag: null, expires: 600));
            _unsubscribes[i] = Parse(Subscribe(seed + i, toTag: "pa1", expires: 0));
        }

        _next = 0;
    }

    [Benchmark(Description = "One SUBSCRIBE/NOTIFY call (2 server + 2 client transactions)")]
    [InvocationCount(Calls)]
    public void Call()
    {
        var i = _next++;
        _layer.OnRequest(_subscribes[i], Flow);
        Notify();
        _layer.OnRequest(_unsubscribes[i], Flow);
        Notify();
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

    private static SipRequest Parse(string text) =>
        (SipRequest)SipMessageParser.Parse(Encoding.ASCII.GetBytes(text), Limits, isDatagram: true).Message!;

    private static string Subscribe(long call, string? toTag, int expires) =>
        $"SUBSCRIBE sip:room1@bench.local SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-{call}-{expires};rport\r\n" +
        $"From: <sip:watcher@bench.local>;tag={call}\r\n" +
        $"To: <sip:room1@bench.local>{(toTag is null ? "" : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {call}@127.0.0.1\r\n" +
        $"CSeq: {(expires == 0 ? 2 : 1)} SUBSCRIBE\r\n" +
        "Max-Forwards: 70\r\nEvent: presence\r\nAccept: application/pidf+xml\r\n" +
        $"Expires: {expires}\r\nContent-Length: 0\r\n\r\n";

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

        public bool FitsUdp(DialogRequest request, SipTarget target) => true;

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
