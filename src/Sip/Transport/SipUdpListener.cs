using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// One UDP socket: a few receive threads that each take the datagrams queued for it in one call
/// (<see cref="UdpReceiveBatch"/>), copy each into a pooled array (the parsed message keeps slices of it; the array goes
/// back to the pool when the message was kept by nothing) and hand it to the transport layer on the same thread.
/// Dedicated threads rather than async receives: an async receive completes on the socket engine's thread and hops to
/// the thread pool for every datagram, and on two cores those wake-ups cost more than the SIP work. The same socket
/// sends our requests and responses, so peers see one address for us (RFC 3581 symmetric response routing depends on it).
/// </summary>
internal sealed class SipUdpListener : IDisposable
{
    // Large enough to ride out a burst at the 11k calls/s target; Linux caps it at net.core.rmem_max.
    private const int SocketBufferBytes = 4 * 1024 * 1024;

    // The batch of the receive thread running on this thread, if any (UdpSendBatch).
    [ThreadStatic]
    private static UdpSendBatch? t_batch;

    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly SipTransportLayer _layer;
    private readonly ILogger _logger;
    private readonly int _maxDatagramSize;
    private Task[] _loops = [];
    private UdpSendBatch[] _batches = [];
    private volatile bool _stopped;
    private volatile Destination? _lastDestination;

    // The kernel's drop count as last read (a uint), and whether this listener counts in the layer's UdpOverflow.
    private int _drops;
    private int _overflowing;

    private SipUdpListener(Socket socket, SipTransportLayer layer, ILogger logger, int maxDatagramSize)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
        _layer = layer;
        _logger = logger;
        _maxDatagramSize = maxDatagramSize;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Host = Addresses.ToHost(LocalEndPoint.Address);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The listener's address as a URI or Via host, printed once rather than for every request sent from it.</summary>
    public string Host { get; }

    public static SipUdpListener Bind(IPEndPoint endPoint, SipTransportLayer layer, ILogger logger, int maxDatagramSize)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // One listener per family keeps flows and received= addresses free of IPv4-mapped forms.
                socket.DualMode = false;
            }

            TrySetBufferSizes(socket);
            socket.Bind(endPoint);
            return new SipUdpListener(socket, layer, logger, maxDatagramSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start(int loops, CancellationToken stopping)
    {
        // Closing the socket is what unblocks recvfrom; the token only tells the threads that it was on purpose.
        stopping.Register(() => _stopped = true);
        _loops = new Task[loops];
        _batches = UdpSendBatch.IsSupported ? [.. Enumerable.Range(0, loops).Select(_ => new UdpSendBatch(this, _handle, _logger))] : [];
        for (var i = 0; i < loops; i++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _loops[i] = done.Task;
            var batch = i < _batches.Length ? _batches[i] : null;
            new Thread(() =>
            {
                try
                {
                    ReceiveLoop(batch);
                }
                finally
                {
                    done.SetResult();
                }
            })
            {
                IsBackground = true,
                Name = $"SIP UDP {LocalEndPoint}",
            }.Start();
        }
    }

    public Task Completion => Task.WhenAll(_loops);

    /// <summary>
    /// Sends synchronously. An async send would register the socket with the runtime's epoll thread, which then wakes
    /// for every datagram received and every send completed; a UDP send does not block unless the send buffer is
    /// full, which the large buffer above makes a rare, short wait. On this listener's receive thread the datagram
    /// joins the thread's <see cref="UdpSendBatch"/> and leaves when the received datagram's handling is done.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> data, IPEndPoint remote)
    {
        var destination = DestinationFor(remote);
        if (Batched(data, default, destination.Address, remote))
        {
            return true;
        }

        try
        {
            _socket.SendTo(data, SocketFlags.None, destination.Address);
            return true;
        }
        catch (SocketException ex)
        {
            TransportLog.SendFailed(_logger, TransportProtocol.Udp, remote, ex.SocketErrorCode.ToString());
            return false;
        }
        catch (ObjectDisposedException)
        {
            TransportLog.SendFailed(_logger, TransportProtocol.Udp, remote, "listener stopped");
            return false;
        }
    }

    /// <summary>
    /// <paramref name="head"/> and <paramref name="body"/> as one datagram, gathered by the kernel where it can
    /// (<see cref="GatherSend"/>); otherwise, and on any failure there (which the joined send then reports), joined here.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, IPEndPoint remote)
    {
        if (body.IsEmpty)
        {
            return Send(head, remote);
        }

        var address = DestinationFor(remote).Address;
        if (Batched(head, body, address, remote))
        {
            return true;
        }

        try
        {
            if (GatherSend.IsSupported && GatherSend.TrySend(_handle, address.Buffer.Span[..address.Size], head, body, out _))
            {
                return true;
            }
        }
        catch (ObjectDisposedException)
        {
            TransportLog.SendFailed(_logger, TransportProtocol.Udp, remote, "listener stopped");
            return false;
        }

        var joined = ArrayPool<byte>.Shared.Rent(head.Length + body.Length);
        try
        {
            head.CopyTo(joined);
            body.CopyTo(joined.AsSpan(head.Length));
            return Send(joined.AsSpan(0, head.Length + body.Length), remote);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    /// <summary>
    /// Queues the datagram in this thread's batch when this is one of our receive threads. Otherwise, and for a datagram
    /// too large for it, the batches pending are flushed first, so the direct send that follows overtakes nothing.
    /// </summary>
    private bool Batched(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, SocketAddress address, IPEndPoint remote)
    {
        if (t_batch is { } own && own.Owner == this && own.TryAdd(head, body, address.Buffer.Span[..address.Size], remote))
        {
            return true;
        }

        foreach (var batch in _batches)
        {
            if (!batch.IsEmpty)
            {
                batch.Flush();
            }
        }

        return false;
    }

    // Most datagrams go to the peer of the previous one: keep its serialized address rather than build one each time.
    private Destination DestinationFor(IPEndPoint remote)
    {
        var destination = _lastDestination;
        if (destination is null || !destination.EndPoint.Equals(remote))
        {
            destination = new Destination(remote, remote.Serialize());
            _lastDestination = destination;
        }

        return destination;
    }

    public void Dispose() => _socket.Dispose();

    private void ReceiveLoop(UdpSendBatch? batch)
    {
        // One byte more than the limit tells an over-long datagram from one that just fits.
        var receiver = new UdpReceiveBatch(_socket, _maxDatagramSize + 1);
        var template = LocalEndPoint;

        // Datagrams come in runs from the same few peers (a Front End pool, a proxy): reuse the last sender's
        // endpoint rather than allocate one per datagram.
        var lastAddress = new SocketAddress(_socket.AddressFamily);
        IPEndPoint? lastRemote = null;

        // What the handling of the datagrams of one receive sends leaves together once they are all handled.
        t_batch = batch;
        var failures = 0;
        while (!_stopped)
        {
            try
            {
                int received;
                try
                {
                    received = receiver.Receive(out var error);
                    if (received == 0)
                    {
                        // ICMP errors from earlier sends (Windows reports them here) and the like: the socket stays usable.
                        TransportLog.UdpReceiveError(_logger, LocalEndPoint, error!);
                        BackOff(++failures);
                        continue;
                    }
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                failures = 0;
                CheckOverflow(receiver, received);
                try
                {
                    for (var i = 0; i < received; i++)
                    {
                        try
                        {
                            var sender = receiver.Sender(i);
                            if (lastRemote is null || !sender.SequenceEqual(lastAddress.Buffer.Span[..lastAddress.Size]))
                            {
                                sender.CopyTo(lastAddress.Buffer.Span);
                                lastAddress.Size = sender.Length;
                                lastRemote = (IPEndPoint)template.Create(lastAddress);
                            }

                            Handle(receiver.Datagram(i), lastRemote);
                        }
                        catch (Exception ex) when (!_stopped)
                        {
                            // Our own fault (message handling has its own catch in Deliver): it costs this datagram
                            // only, not the ones received with it.
                            TransportLog.LoopFault(_logger, ex, TransportProtocol.Udp, LocalEndPoint);
                        }
                    }
                }
                finally
                {
                    // Only this thread adds to its batch (others only flush it), so an empty one stays empty
                    // here: no lock for the datagrams whose handling sent nothing (a 200 to our NOTIFY).
                    if (batch is { IsEmpty: false })
                    {
                        batch.Flush();
                    }
                }
            }
            catch (Exception ex)
            {
                // Our own fault outside a datagram's handling: logged once per run of failures, and the thread goes
                // on, since it is the only one reading this socket. When stopping, the thread just ends.
                if (_stopped)
                {
                    return;
                }

                if (failures == 0)
                {
                    TransportLog.LoopFault(_logger, ex, TransportProtocol.Udp, LocalEndPoint);
                }

                BackOff(++failures);
            }
        }
    }

    /// <summary>
    /// The kernel drops datagrams only when the queue is full, and a receive that follows then takes a full batch: the
    /// queue is read only then, so a listener within its capacity makes no extra system call. New drops begin an
    /// overflow; it ends once the queue is down to a quarter of its room, or a receive takes less than a full batch.
    /// Until then new subscriptions are turned away, which is what lets the backlog drain; ending at a quarter rather
    /// than at empty keeps a peer's ordinary bursts, which keep a few hundred datagrams queued, from prolonging it.
    /// </summary>
    private void CheckOverflow(UdpReceiveBatch receiver, int received)
    {
        if (received < receiver.Capacity)
        {
            EndOverflow();
            return;
        }

        if (!receiver.TryReadQueue(out var queued, out var capacity, out var drops))
        {
            return;
        }

        var dropped = drops - (uint)Interlocked.Exchange(ref _drops, (int)drops);
        if (dropped == 0)
        {
            if (queued <= capacity / 4)
            {
                EndOverflow();
            }

            return;
        }

        _layer.Metrics.UdpDropped(dropped);
        if (Interlocked.Exchange(ref _overflowing, 1) == 0)
        {
            _layer.UdpOverflow.Began();
            _layer.Warnings.UdpQueueOverflowed(LocalEndPoint, dropped);
        }
    }

    private void EndOverflow()
    {
        if (Volatile.Read(ref _overflowing) == 1 && Interlocked.Exchange(ref _overflowing, 0) == 1)
        {
            _layer.UdpOverflow.Ended();
        }
    }

    private void Handle(Span<byte> datagram, IPEndPoint remote)
    {
        // Every datagram counts towards what we may send back (RFC 9000 §8.1), whether it parses or not.
        _layer.OnDatagramReceived(remote.Address, datagram.Length);
        if (datagram.Length > _maxDatagramSize)
        {
            TransportLog.DatagramTooLarge(_logger, remote, _maxDatagramSize);
            return;
        }

        if (IsOnlyLineEnds(datagram))
        {
            // CRLF keep-alives some UAs send over UDP too; nothing to answer (RFC 5626 §3.5.1 uses STUN on UDP).
            return;
        }

        // Parsed from a pooled copy, which goes back to the pool only when nothing kept the message.
        var data = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(data);
        if (_layer.Deliver(data.AsMemory(0, datagram.Length), new SipFlow(TransportProtocol.Udp, LocalEndPoint, remote)))
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    /// <summary>
    /// Sleeps before the next receive when receiving keeps failing, doubling from 1 ms to 1 s: a broken socket must
    /// not spin a core. The first failure of a run does not wait (an ICMP error is a one-off).
    /// </summary>
    private static void BackOff(int failures)
    {
        if (failures > 1)
        {
            Thread.Sleep(1 << Math.Min(failures - 2, 10));
        }
    }

    private static bool IsOnlyLineEnds(ReadOnlySpan<byte> data) => data.IndexOfAnyExcept((byte)'\r', (byte)'\n') < 0;

    private static void TrySetBufferSizes(Socket socket)
    {
        try
        {
            socket.ReceiveBufferSize = SocketBufferBytes;
            socket.SendBufferSize = SocketBufferBytes;
        }
        catch (SocketException)
        {
            // The system default still works, only with less slack for bursts.
        }
    }

    /// <summary>Immutable, so senders on several threads can share the last one without a lock.</summary>
    private sealed record Destination(IPEndPoint EndPoint, SocketAddress Address);
}
