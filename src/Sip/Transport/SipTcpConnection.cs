using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Telemetry;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// One TCP connection, accepted or opened by us, carrying SIP in the clear or, for <see cref="TransportProtocol.Tls"/>,
/// inside an <see cref="SslStream"/> whose handshake runs first on the connection's own task (so a slow peer never
/// holds up the accept loop) and is not found by lookups until it is done. A read loop frames messages with
/// <see cref="SipFrameScanner"/>; writes are serialized by a semaphore so two messages never interleave, and the bytes
/// waiting for it are capped (<see cref="SipLimits.MaxQueuedBytesPerConnection"/>). What the read loop's own thread
/// sends while it hands up one read's messages is gathered into one write after them (<see cref="GatheredWrites"/>).
/// The socket is read through <see cref="SocketStream"/>, so a peer's reset ends the connection as its FIN does.
/// Closing is idempotent and logged once, with the first reason given. One timer from the injected <see cref="TimeProvider"/> enforces the deadlines:
/// <see cref="SipTlsOptions.HandshakeTimeout"/> for a TLS handshake, <see cref="SipLimits.IdleTimeout"/> without traffic, <see cref="SipLimits.WriteTimeout"/> for a write the peer does
/// not take, <see cref="SipLimits.MessageTimeout"/> from a message's first byte to its last. It is armed for the
/// nearest one and moved earlier only when a write stalls or a message is left unfinished, not on every message.
/// </summary>
internal sealed class SipTcpConnection
{
    private const long NotStarted = long.MinValue;

    private static readonly byte[] s_pong = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly SocketStream _network;
    private readonly SipTransportLayer _layer;
    private readonly ILogger _logger;
    private readonly SipLimits _limits;
    private readonly TimeProvider _time;
    private readonly SipTlsContext? _tls;
    private readonly string? _serverName;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<bool> _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _deadlines;
    private readonly Lock _arming = new();
    private long _armedAt;
    private TimeSpan _armedFor;
    private long _lastActivity;

    // Timestamps of the TLS handshake under way, the write waiting for the peer and the first byte of an unfinished
    // message, or NotStarted.
    private long _handshakeStarted = NotStarted;
    private long _writeStarted = NotStarted;
    private long _messageStarted = NotStarted;
    private volatile bool _handshakeExpired;
    private long _queuedBytes;

    // While the read loop hands messages up, the id of its thread: what that thread sends on this connection meanwhile
    // is gathered and written after the batch (see GatheredWrites); 0 otherwise.
    private int _gatheringThread;
    private readonly GatheredWrites _gathered = new();
    private string? _closeReason;
    private volatile bool _ready;
    private Task _readLoop = Task.CompletedTask;

    /// <summary>
    /// A Tls flow needs <paramref name="tls"/>, and one we open the <paramref name="serverName"/> its certificate must
    /// carry (also sent as SNI).
    /// </summary>
    public SipTcpConnection(Socket socket, SipFlow flow, bool inbound, SipTransportLayer layer, SipLimits limits, TimeProvider time, ILogger logger,
        SipTlsContext? tls = null, string? serverName = null)
    {
        _socket = socket;
        _network = new SocketStream(socket);
        if (flow.Protocol == TransportProtocol.Tls)
        {
            ArgumentNullException.ThrowIfNull(tls);
            if (!inbound)
            {
                ArgumentException.ThrowIfNullOrEmpty(serverName);
            }

            _stream = new SslStream(_network, leaveInnerStreamOpen: false);
        }
        else
        {
            _stream = _network;
            _ready = true;
            _established.TrySetResult(true);
        }

        _tls = tls;
        _serverName = serverName;
        Flow = flow;
        IsInbound = inbound;
        _layer = layer;
        _limits = limits;
        _time = time;
        _logger = logger;
        _lastActivity = _armedAt = time.GetTimestamp();
        _armedFor = limits.IdleTimeout;
        if (flow.Protocol == TransportProtocol.Tls)
        {
            // The handshake's deadline is on the connection's timer: no timer and token sources of its own per handshake.
            _handshakeStarted = _armedAt;
            _armedFor = Min(_armedFor, tls!.HandshakeTimeout);
        }

        _deadlines = time.CreateTimer(static s => ((SipTcpConnection)s!).OnDeadline(), this, _armedFor, Timeout.InfiniteTimeSpan);
    }

    public SipFlow Flow { get; }

    /// <summary>Accepted from a peer (counted against MaxConnectionsPerAddress) rather than opened by us.</summary>
    public bool IsInbound { get; }

    /// <summary>
    /// The host names in the client certificate of an accepted TLS connection, which the handshake checked against the
    /// trust store and <see cref="SipTlsOptions.AllowedPeerNames"/>; empty for any other connection. Set before the
    /// connection is open, so every message read on it sees them.
    /// </summary>
    public IReadOnlyList<string> PeerCertificateNames { get; private set; } = [];

    /// <summary>Ready for messages (a TLS handshake is done) and not closed.</summary>
    public bool IsOpen => _ready && Volatile.Read(ref _closeReason) is null;

    public Task Completion => _readLoop;

    /// <summary>True once messages can flow; false when the connection closed first (a TLS handshake failed).</summary>
    public Task<bool> Established => _established.Task;

    /// <summary>
    /// Runs a TCP connection on the caller's thread until its first read waits for the peer, with no hop to the thread
    /// pool: per connection the hop cost about what the work does, and nothing on that path blocks. A TLS handshake's
    /// first step (key exchange and signature) does go to the pool, so that a burst of handshakes spreads over the
    /// cores rather than queueing behind the accept loop.
    /// </summary>
    public void Start() => _readLoop = _stream is SslStream ? Task.Run(RunAsync, CancellationToken.None) : RunAsync();

    /// <summary>
    /// Writes one message. False when the connection is not open, the write failed, or the bytes already waiting plus
    /// these would pass <see cref="SipLimits.MaxQueuedBytesPerConnection"/>: then the peer is not keeping up, and the
    /// connection is closed rather than left to pile up NOTIFYs it will never read.
    /// </summary>
    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data)
    {
        if (!IsOpen || !TryQueue(data.Length))
        {
            return ValueTask.FromResult(false);
        }

        if (Volatile.Read(ref _gatheringThread) == Environment.CurrentManagedThreadId)
        {
            // Sent from within the read loop's batch: written with the rest of it once the batch is handed up. A write
            // that then fails closes the connection, as when the peer drops it after a write has gone out.
            _gathered.Append(data.Span);
            return ValueTask.FromResult(true);
        }

        return WriteQueuedAsync(data);
    }

    /// <summary>
    /// Counts <paramref name="length"/> bytes as waiting to be sent; past <see cref="SipLimits.MaxQueuedBytesPerConnection"/>
    /// the connection is closed instead.
    /// </summary>
    private bool TryQueue(int length)
    {
        var queued = Interlocked.Add(ref _queuedBytes, length);
        if (queued <= _limits.MaxQueuedBytesPerConnection)
        {
            return true;
        }

        Interlocked.Add(ref _queuedBytes, -length);
        _layer.Warnings.SendQueueFull(Flow.RemoteEndPoint, length, queued - length);
        Close($"more than {_limits.MaxQueuedBytesPerConnection} bytes waiting to be sent");
        return false;
    }

    /// <summary>Writes bytes already counted by <see cref="TryQueue"/>, one writer at a time, and uncounts them.</summary>
    private async ValueTask<bool> WriteQueuedAsync(ReadOnlyMemory<byte> data)
    {
        try
        {
            try
            {
                await _writeLock.WaitAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            try
            {
                // Traffic counts from before the bytes can reach the peer, so nothing the peer does on reading them
                // (its next request, or a test's clock moved on) can come before it.
                var started = _time.GetTimestamp();
                Volatile.Write(ref _lastActivity, started);
                var write = _stream.WriteAsync(data, _closing.Token);
                if (write.IsCompleted)
                {
                    await write.ConfigureAwait(false);
                    return true;
                }

                // The kernel's buffer is full: the peer has to read for this to finish. Only such a write is timed, so one
                // that finished at once can never be mistaken for a stalled one; the idle time then runs from its end.
                Volatile.Write(ref _writeStarted, started);
                ArmWithin(_limits.WriteTimeout);
                await write.ConfigureAwait(false);
                Touch();
                return true;
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                TransportLog.SendFailed(_logger, Flow.Protocol, Flow.RemoteEndPoint, ex.Message);
                Close(UnlessReset("send failed"));
                return false;
            }
            finally
            {
                Volatile.Write(ref _writeStarted, NotStarted);
                _writeLock.Release();
            }
        }
        finally
        {
            Interlocked.Add(ref _queuedBytes, -data.Length);
        }
    }

    /// <summary>Closes the connection; the first reason wins and is what the close is logged with.</summary>
    public void Close(string why)
    {
        if (Interlocked.CompareExchange(ref _closeReason, why, null) is not null)
        {
            return;
        }

        _deadlines.Dispose();
        _closing.Cancel();
        _socket.Dispose();
    }

    /// <summary>The reason a failure closes the connection with: the peer's reset when that is what ended it.</summary>
    private string UnlessReset(string why) => _network.PeerReset ? "reset by peer" : why;

    private void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    /// <summary>Makes the deadline timer fire within <paramref name="span"/> from now, unless it already will.</summary>
    private void ArmWithin(TimeSpan span)
    {
        lock (_arming)
        {
            if (span < _armedFor - _time.GetElapsedTime(_armedAt))
            {
                Arm(span);
            }
        }
    }

    private void Arm(TimeSpan span)
    {
        _armedAt = _time.GetTimestamp();
        _armedFor = span;
        try
        {
            _deadlines.Change(span, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile.
        }
    }

    /// <summary>
    /// Closes the connection when a deadline has passed, else sets the timer for the nearest one. A timer callback
    /// must not throw (on the system timer that would end the process), so an unexpected fault closes the connection.
    /// </summary>
    private void OnDeadline()
    {
        try
        {
            Deadline passed;
            lock (_arming)
            {
                passed = ArmForNearest();
            }

            switch (passed)
            {
                case Deadline.Handshake:
                    // The handshake's await ends in a cancellation, and logs it as this timeout.
                    _handshakeExpired = true;
                    Close($"TLS handshake failed: no handshake within {_tls!.HandshakeTimeout}");
                    break;
                case Deadline.Write:
                    _layer.Warnings.WriteTimedOut(Flow.RemoteEndPoint, Interlocked.Read(ref _queuedBytes));
                    Close($"no message taken by the peer within {_limits.WriteTimeout}");
                    break;
                case Deadline.Message:
                    TransportLog.MessageTimedOut(_logger, Flow.RemoteEndPoint, _limits.MessageTimeout);
                    Close($"message not finished within {_limits.MessageTimeout}");
                    break;
                case Deadline.Idle:
                    Close($"idle for {_limits.IdleTimeout}");
                    break;
            }
        }
        catch (Exception ex)
        {
            TransportLog.LoopFault(_logger, ex, Flow.Protocol, Flow.RemoteEndPoint);
            Close("internal error");
        }
    }

    /// <summary>The deadline that has passed, or none after arming the timer for the nearest; under the arming lock.</summary>
    private Deadline ArmForNearest()
    {
        var handshake = _tls is null ? TimeSpan.MaxValue : Remaining(ref _handshakeStarted, _tls.HandshakeTimeout);
        if (handshake <= TimeSpan.Zero)
        {
            return Deadline.Handshake;
        }

        var write = Remaining(ref _writeStarted, _limits.WriteTimeout);
        if (write <= TimeSpan.Zero)
        {
            return Deadline.Write;
        }

        var message = Remaining(ref _messageStarted, _limits.MessageTimeout);
        if (message <= TimeSpan.Zero)
        {
            return Deadline.Message;
        }

        var idle = _limits.IdleTimeout - _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
        if (idle <= TimeSpan.Zero)
        {
            return Deadline.Idle;
        }

        Arm(Min(Min(idle, handshake), Min(write, message)));
        return Deadline.None;
    }

    /// <summary>Time left until the deadline of what started at <paramref name="started"/>; infinite when nothing did.</summary>
    private TimeSpan Remaining(ref long started, TimeSpan timeout) =>
        Volatile.Read(ref started) is var at && at != NotStarted ? timeout - _time.GetElapsedTime(at) : TimeSpan.MaxValue;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task RunAsync()
    {
        try
        {
            if (_stream is SslStream ssl && !await AuthenticateAsync(ssl).ConfigureAwait(false))
            {
                return;
            }

            _ready = true;
            _established.TrySetResult(true);
            await ReadLoopAsync().ConfigureAwait(false);
        }
        finally
        {
            Close("closed");
            _established.TrySetResult(false);

            // Writers are gone (closing cancels their wait) or failing on the closed socket; once none is inside the
            // stream, a TLS stream can free its native session now rather than at finalization. The lock is kept:
            // nothing may write any more.
            await _writeLock.WaitAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            _layer.OnConnectionClosed(this);
            TransportLog.ConnectionClosed(_logger, Flow.LocalEndPoint, Flow.RemoteEndPoint, _closeReason!);
        }
    }

    /// <summary>
    /// The TLS handshake, bounded by <see cref="SipTlsOptions.HandshakeTimeout"/> (the deadline timer closes the
    /// connection, which cancels it). A certificate our checks refuse is logged with the reason; any other failure (a
    /// peer speaking something else, a timeout) at Debug.
    /// </summary>
    private async Task<bool> AuthenticateAsync(SslStream ssl)
    {
        var tls = _tls!;
        TlsRefusal? refusal = null;
        try
        {
            if (IsInbound)
            {
                var options = tls.ServerOptions((_, certificate, chain, errors) => (refusal = tls.CheckClient(certificate, chain, errors)) is null);
                await ssl.AuthenticateAsServerAsync(options, _closing.Token).ConfigureAwait(false);
            }
            else
            {
                var server = _serverName!;
                var options = tls.ClientOptions(server, (_, certificate, chain, errors) =>
                    (refusal = SipTlsContext.CheckServer(server, certificate, chain, errors)) is null);
                await ssl.AuthenticateAsClientAsync(options, _closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            if (refusal is { } refused)
            {
                _layer.Metrics.TlsRefused(IsInbound, refused.Kind);
                if (IsInbound)
                {
                    _layer.Warnings.TlsClientRefused(Flow.RemoteEndPoint, refused);
                }
                else
                {
                    _layer.Warnings.TlsServerRefused(_serverName!, Flow.RemoteEndPoint, refused);
                }

                Close($"TLS peer refused: {refused.Reason}");
                return false;
            }

            var expired = _handshakeExpired;
            var why = expired ? $"no handshake within {tls.HandshakeTimeout}"
                : _closing.IsCancellationRequested ? "closed during the handshake"
                : UnlessReset(SipFailure.Sanitize(ex.InnerException?.Message ?? ex.Message));
            _layer.Metrics.TlsHandshake(IsInbound, expired ? TlsHandshakeResult.Timeout : TlsHandshakeResult.Failed);
            TransportLog.TlsHandshakeFailed(_logger, Flow.RemoteEndPoint, why);
            Close($"TLS handshake failed: {why}");
            return false;
        }
        catch (Exception ex)
        {
            TransportLog.LoopFault(_logger, ex, Flow.Protocol, Flow.RemoteEndPoint);
            Close("internal error");
            return false;
        }

        if (IsInbound && ssl.RemoteCertificate is { } client)
        {
            PeerCertificateNames = PeerNames.Of(SipTlsContext.AsCertificate2(client));
        }

        Volatile.Write(ref _handshakeStarted, NotStarted);
        Touch();
        _layer.Metrics.TlsHandshake(IsInbound, TlsHandshakeResult.Ok);
        TransportLog.TlsEstablished(_logger, Flow.RemoteEndPoint, ssl.SslProtocol, ssl.NegotiatedCipherSuite,
            ssl.RemoteCertificate is { } peer ? SipFailure.Sanitize(peer.Subject) : "no certificate");
        return true;
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        var scanner = default(SipFrameScanner);

        // A belt over the scanner's own limits: never buffer more than one largest legal message.
        var maxBuffered = (long)_limits.MaxHeaderSectionBytes + _limits.MaxBodyBytes + 4;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                Touch();
                var buffer = result.Buffer;
                var pings = 0;
                var status = FrameStatus.NeedMore;
                var failure = default(SipFailure);
                var framed = false;
                Volatile.Write(ref _gatheringThread, Environment.CurrentManagedThreadId);
                while (!buffer.IsEmpty)
                {
                    status = scanner.Scan(buffer, _limits, out var length, out var isPing, out failure);
                    if (status == FrameStatus.Complete)
                    {
                        var frame = buffer.Slice(0, length).ToArray();
                        buffer = buffer.Slice(length);
                        scanner.Reset();
                        framed = true;
                        _layer.Deliver(frame, Flow);
                    }
                    else if (status == FrameStatus.KeepAlive)
                    {
                        buffer = buffer.Slice(length);
                        scanner.Reset();
                        framed = true;
                        pings += isPing ? 1 : 0;
                    }
                    else
                    {
                        break;
                    }
                }

                Volatile.Write(ref _gatheringThread, 0);
                if (_gathered.Count > 0 && !await WriteGatheredAsync().ConfigureAwait(false))
                {
                    return;
                }

                TrackUnfinished(!buffer.IsEmpty, framed);

                if (pings > 0)
                {
                    // RFC 5626 §4.4.1: each CRLFCRLF ping gets a CRLF pong.
                    for (var i = 0; i < pings; i++)
                    {
                        await SendAsync(s_pong).ConfigureAwait(false);
                    }
                }

                if (status == FrameStatus.Invalid)
                {
                    var sample = buffer.Slice(0, Math.Min(buffer.Length, maxBuffered)).ToArray();
                    await _layer.RejectStreamAsync(sample, failure, this).ConfigureAwait(false);
                    Close($"invalid data: {failure.Reason}");
                    return;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        TransportLog.ConnectionBrokeMidMessage(_logger, Flow.RemoteEndPoint, buffer.Length);
                    }

                    Close(UnlessReset("closed by peer"));
                    return;
                }

                if (buffer.Length > maxBuffered)
                {
                    _layer.Metrics.ParseFailed(SipFailureReason.MessageTooLarge);
                    TransportLog.InvalidStreamClosed(_logger, Flow.RemoteEndPoint, SipFailureReason.MessageTooLarge, "unframed data past the limits");
                    Close("unframed data past the limits");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // A reset in the middle of a TLS record reaches here as SslStream's error about the stream's early end.
            Close(UnlessReset(ex is IOException { InnerException: SocketException se } ? se.SocketErrorCode.ToString() : ex.Message));
        }
        catch (Exception ex)
        {
            TransportLog.LoopFault(_logger, ex, Flow.Protocol, Flow.RemoteEndPoint);
            Close("internal error");
        }
        finally
        {
            Volatile.Write(ref _gatheringThread, 0);
            Close("closed");
            await reader.CompleteAsync().ConfigureAwait(false);
            _gathered.Clear();
        }
    }

    /// <summary>Writes what the last batch gathered, in one write; false when that failed (the connection is closed).</summary>
    private async ValueTask<bool> WriteGatheredAsync()
    {
        try
        {
            return await WriteQueuedAsync(_gathered.Written).ConfigureAwait(false);
        }
        finally
        {
            _gathered.Clear();
        }
    }

    /// <summary>
    /// Notes when the bytes left after a read began, so <see cref="SipLimits.MessageTimeout"/> runs from a message's
    /// first byte: later bytes of the same message do not move it, whereas each of them does move the idle deadline.
    /// </summary>
    private void TrackUnfinished(bool unfinished, bool framed)
    {
        if (!unfinished)
        {
            Volatile.Write(ref _messageStarted, NotStarted);
        }
        else if (framed || Volatile.Read(ref _messageStarted) == NotStarted)
        {
            // What is left began with this read: whatever was under way before it is complete.
            Volatile.Write(ref _messageStarted, _time.GetTimestamp());
            ArmWithin(_limits.MessageTimeout);
        }
    }

    private enum Deadline
    {
        None,
        Handshake,
        Write,
        Message,
        Idle,
    }
}
