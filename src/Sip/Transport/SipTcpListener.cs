using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// A listening TCP socket, for SIP over TCP or TLS; each accepted connection is handed to the transport layer, which
/// owns it (and, for TLS, runs the handshake on the connection's own task).
/// </summary>
internal sealed class SipTcpListener : IDisposable
{
    // Room for a Front End pool reconnecting all at once after a restart, and for clients that open a connection per
    // call: at 5 000 a second, 512 filled whenever the accept loop was off the CPU for 100 ms, and each SYN the kernel
    // then dropped cost its client a 1 s retransmission. Linux clamps it to net.core.somaxconn (4096 by default).
    internal const int Backlog = 4096;

    private readonly Socket _socket;
    private readonly SipTransportLayer _layer;
    private readonly ILogger _logger;
    private Task _loop = Task.CompletedTask;

    private SipTcpListener(Socket socket, TransportProtocol protocol, SipTransportLayer layer, ILogger logger)
    {
        _socket = socket;
        Protocol = protocol;
        _layer = layer;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Tcp or Tls.</summary>
    public TransportProtocol Protocol { get; }

    public Task Completion => _loop;

    private static readonly TimeSpan s_acceptBackoff = TimeSpan.FromMilliseconds(100);

    public static SipTcpListener Bind(IPEndPoint endPoint, TransportProtocol protocol, SipTransportLayer layer, ILogger logger)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(endPoint);
            socket.Listen(Backlog);
            return new SipTcpListener(socket, protocol, layer, logger);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start(CancellationToken stopping) => _loop = Task.Run(() => AcceptLoopAsync(stopping), CancellationToken.None);

    public void Dispose() => _socket.Dispose();

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            Socket? accepted = null;
            try
            {
                try
                {
                    accepted = await _socket.AcceptAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException ex) when (ex.SocketErrorCode is not SocketError.OperationAborted and not SocketError.Shutdown)
                {
                    // A connection reset before we took it, or descriptors exhausted: keep accepting.
                    TransportLog.AcceptFailed(_logger, LocalEndPoint, ex.SocketErrorCode);
                    if (ex.SocketErrorCode == SocketError.TooManyOpenSockets)
                    {
                        // Out of descriptors, accept fails at once until one is freed: back off rather than spin a core.
                        await Task.Delay(s_acceptBackoff, stopping).ConfigureAwait(false);
                    }

                    continue;
                }
                catch (SocketException)
                {
                    return;
                }

                _layer.OnAccepted(accepted, LocalEndPoint, Protocol);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Our own fault: this one connection is lost, the listener must go on. Logged once per run of failures,
                // and a run backs off, so a fault that repeats at once does not spin a core or flood the log.
                accepted?.Dispose();
                if (failures++ == 0)
                {
                    TransportLog.LoopFault(_logger, ex, Protocol, LocalEndPoint);
                }

                try
                {
                    await Task.Delay(s_acceptBackoff * Math.Min(failures - 1, 10), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
