using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// Clients that open a connection per call (SIPp's <c>-t tn</c>, the bench's load generator): bursts of connects
/// wait in the kernel's queue rather than being dropped, and every connection a peer closes leaves the table.
/// </summary>
public sealed class ConnectionChurnTests
{
    [Fact]
    public async Task A_burst_of_connects_past_the_old_backlog_waits_for_the_accept_loop()
    {
        // 512, the old backlog, let the kernel drop the SYNs past it: those connects took a 1 s retransmission at best.
        const int burst = 1000;
        Assert.True(int.Parse(await File.ReadAllTextAsync("/proc/sys/net/core/somaxconn"), System.Globalization.CultureInfo.InvariantCulture) >= burst,
            "the test needs net.core.somaxconn >= 1000 (the kernel clamps the backlog to it)");
        await using var layer = new SipTransportLayer(new TransportSettings { Limits = new SipLimits() }, TimeProvider.System, NullLoggerFactory.Instance);
        using var listener = SipTcpListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), TransportProtocol.Tcp, layer, NullLogger.Instance);

        // The accept loop is not started: every connect must complete in the kernel's queue alone. Past a full queue
        // the kernel drops SYNs and every retry too while nothing accepts, so a connect beyond the backlog never
        // completes; the bound only ends such a failure (a pass takes milliseconds).
        var clients = Enumerable.Range(0, burst).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Task.WhenAll(clients.Select(c => c.ConnectAsync(listener.LocalEndPoint, cts.Token).AsTask()));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Connections_a_peer_opens_and_closes_at_a_high_rate_all_leave_the_table()
    {
        const int calls = 600;
        await using var h = TransportHarness.Start(new SipLimits { MaxConnectionsPerAddress = calls });

        // 50 at a time, each one request and close, as a client making a call per connection does.
        await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (i, _) =>
        {
            using var peer = await TcpPeer.ConnectAsync(h.Tcp);
            Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP", callId: $"{i}@churn"))).StatusCode);
        });

        await Wait.UntilAsync(() => h.Layer.Connections.Total == 0 && h.Layer.Connections.All.Count == 0, "an empty connection table");
        Assert.Equal(calls, h.Logs.Count(1020));
        Assert.Equal(calls, h.Logs.Count(1022));
        Assert.False(h.Logs.Has(1023), "no connection refused");
    }
}
