using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>
/// The transport layer alone, without transactions, for tests that need its internals (connections, address
/// validation): UDP and TCP on 127.0.0.1 and [::1], port 0, virtual time, and a sink that answers every request 200
/// at once. Disposing checks the error tripwire.
/// </summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    private readonly int[] _expectedErrors;
    private readonly AnsweringSink _sink;

    private TransportHarness(SipTransportLayer layer, AnsweringSink sink, ManualTimeProvider time, TestLogs logs, int[] expectedErrors)
    {
        Layer = layer;
        _sink = sink;
        Time = time;
        Logs = logs;
        _expectedErrors = expectedErrors;
    }

    public SipTransportLayer Layer { get; }

    public ManualTimeProvider Time { get; }

    public TestLogs Logs { get; }

    /// <summary>Requests the layer handed up, over every transport.</summary>
    public int RequestsHandled => _sink.Requests;

    public IPEndPoint Udp => EndPoint(TransportProtocol.Udp);

    public IPEndPoint Tcp => EndPoint(TransportProtocol.Tcp);

    /// <summary>Starts with <paramref name="limits"/>; <paramref name="logs"/> replaces the in-memory logs, to inject faults.</summary>
    public static TransportHarness Start(SipLimits? limits = null, FaultingLogs? logs = null, params int[] expectedErrors)
    {
        var time = new ManualTimeProvider();
        var testLogs = logs?.Logs ?? new TestLogs();
        var layer = new SipTransportLayer(new TransportSettings { Limits = limits ?? new SipLimits() }, time, (ILoggerFactory?)logs ?? testLogs);
        var sink = new AnsweringSink(layer);
        layer.Sink = sink;
        layer.Start(
        [
            new SipListenerOptions { Protocol = TransportProtocol.Udp, Address = "127.0.0.1", Port = 0 },
            new SipListenerOptions { Protocol = TransportProtocol.Tcp, Address = "127.0.0.1", Port = 0 },
            new SipListenerOptions { Protocol = TransportProtocol.Udp, Address = "::1", Port = 0 },
            new SipListenerOptions { Protocol = TransportProtocol.Tcp, Address = "::1", Port = 0 },
        ]);
        return new TransportHarness(layer, sink, time, testLogs, expectedErrors);
    }

    public IPEndPoint EndPoint(TransportProtocol protocol, AddressFamily family = AddressFamily.InterNetwork) =>
        Layer.LocalEndPoints.First(e => e.Protocol == protocol && e.EndPoint.AddressFamily == family).EndPoint;

    /// <summary>Sends <paramref name="request"/> once over UDP to <paramref name="to"/>, as a client transaction's first try does.</summary>
    public async Task<OutboundMessage?> SendUdpAsync(SipRequest request, IPEndPoint to) =>
        await Layer.SendRequestAsync(request, SipUri.Parse($"sip:{SipRequests.SentBy(to)}"), new SipTarget(TransportProtocol.Udp, to),
            SipIds.NewBranch(), Timeouts.HangGuard, mayUseTcp: true, CancellationToken.None);

    /// <summary>The connection the peer at <paramref name="peer"/> opened to us, once the layer has it.</summary>
    public async Task<SipTcpConnection> ConnectionFromAsync(IPEndPoint peer)
    {
        await Wait.UntilAsync(() => Layer.Connections.Find(peer, TransportProtocol.Tcp) is not null, $"connection from {peer}");
        return Layer.Connections.Find(peer, TransportProtocol.Tcp)!;
    }

    public async ValueTask DisposeAsync()
    {
        await Layer.DisposeAsync();
        Logs.AssertNoUnexpectedErrors(_expectedErrors);
    }

    private sealed class AnsweringSink(SipTransportLayer layer) : ISipTransportSink
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public void OnRequest(SipRequest request, SipFlow flow)
        {
            Interlocked.Increment(ref _requests);
            if (request.Method != SipMethods.Ack)
            {
                _ = layer.SendResponseAsync(SipResponseFactory.Create(request, 200), flow).AsTask();
            }
        }

        public void OnResponse(SipResponse response, SipFlow flow)
        {
        }
    }
}
