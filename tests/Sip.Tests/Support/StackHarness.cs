using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>
/// A running <see cref="SipStack"/> on 127.0.0.1 and [::1], UDP and TCP, port 0, in virtual time (timers only move
/// when the test advances them), with logs in memory. Disposing checks the error tripwire.
/// </summary>
internal sealed class StackHarness : IAsyncDisposable
{
    private readonly int[] _expectedErrors;

    private StackHarness(SipStack stack, TestRequestHandler handler, ManualTimeProvider time, TestLogs logs, int[] expectedErrors)
    {
        Stack = stack;
        Handler = handler;
        Time = time;
        Logs = logs;
        _expectedErrors = expectedErrors;
    }

    public SipStack Stack { get; }

    public TestRequestHandler Handler { get; }

    public ManualTimeProvider Time { get; }

    public TestLogs Logs { get; }

    public static async Task<StackHarness> StartAsync(Func<SipStackOptions, SipStackOptions>? configure = null, TestRequestHandler? handler = null,
        IReadOnlyList<ISipRequestHandler>? moreHandlers = null, params int[] expectedErrors)
    {
        var options = new SipStackOptions
        {
            Listeners =
            [
                new SipListenerOptions { Protocol = TransportProtocol.Udp, Address = "127.0.0.1", Port = 0 },
                new SipListenerOptions { Protocol = TransportProtocol.Tcp, Address = "127.0.0.1", Port = 0 },
                new SipListenerOptions { Protocol = TransportProtocol.Udp, Address = "::1", Port = 0 },
                new SipListenerOptions { Protocol = TransportProtocol.Tcp, Address = "::1", Port = 0 },
            ],
            Domains = ["example.com"],
            MessageTrace = true,
        };
        options = configure?.Invoke(options) ?? options;
        var time = new ManualTimeProvider();
        var logs = new TestLogs();
        handler ??= new TestRequestHandler();
        var stack = new SipStack(options, time, logs);
        await stack.StartAsync([handler, .. moreHandlers ?? []], CancellationToken.None);
        return new StackHarness(stack, handler, time, logs, expectedErrors);
    }

    public IPEndPoint EndPoint(TransportProtocol protocol, AddressFamily family = AddressFamily.InterNetwork) =>
        Stack.LocalEndPoints.First(e => e.Protocol == protocol && e.EndPoint.AddressFamily == family).EndPoint;

    public IPEndPoint Udp => EndPoint(TransportProtocol.Udp);

    public IPEndPoint Tcp => EndPoint(TransportProtocol.Tcp);

    /// <summary>The IPv4 TLS listener, when the test configured one.</summary>
    public IPEndPoint Tls => EndPoint(TransportProtocol.Tls);

    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        Logs.AssertNoUnexpectedErrors(_expectedErrors);
    }
}
