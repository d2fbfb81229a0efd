using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// A connected socket as the stream under a TCP or TLS connection. Reads report the peer's reset as the end of the
/// stream, and writes fail on it without the cost of a socket exception; <see cref="PeerReset"/> remembers it. For a SIP
/// connection a reset ends the flow as a FIN does, but NetworkStream reports it as an exception that records its
/// formatted stack trace where it is made and again at every async frame of SslStream and the pipe reader it climbs.
/// Under `openssl s_time`, which resets every connection, that more than doubled what a resumed TLS connection cost us
/// (bench/RESULTS.md, issue 13, seventh session). Here each direction completes through one reusable
/// <see cref="SocketAsyncEventArgs"/>, whose error is a code, not an exception.
/// </summary>
/// <remarks>
/// SslStream and the pipe reader only read and write asynchronously with <see cref="Memory{T}"/>; the synchronous
/// calls are refused. One read and one write at a time, as the connection's read loop and write lock keep them. A
/// waiting read or write ends when the socket is closed, with <see cref="ObjectDisposedException"/>, not when its token
/// is cancelled: the connection's Close does both, and a registration per call would cost more than the call.
/// </remarks>
internal sealed class SocketStream : Stream
{
    private readonly Socket _socket;
    private readonly Operation _receive;
    private readonly Operation _send;
    private volatile bool _peerReset;

    public SocketStream(Socket socket)
    {
        _socket = socket;
        _receive = new Operation(this, receive: true);
        _send = new Operation(this, receive: false);
    }

    /// <summary>A read or a write ended because the peer reset the connection.</summary>
    public bool PeerReset => _peerReset;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : _receive.Start(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : SendAllAsync(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Dispose();
            _receive.Dispose();
            _send.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> buffer)
    {
        // A stream socket's send completes only once every byte is out; the loop is for the contract, not the kernel,
        // and a send that took nothing ends it rather than spin.
        while (!buffer.IsEmpty)
        {
            var sent = await _send.Start(MemoryMarshal.AsMemory(buffer)).ConfigureAwait(false);
            buffer = sent > 0 ? buffer[sent..] : throw new IOException("The transport connection took no bytes.");
        }
    }

    /// <summary>The receive or the send in flight: a reusable awaitable over the socket's own completion.</summary>
    private sealed class Operation(SocketStream stream, bool receive) : SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true), IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _source;

        public ValueTask<int> Start(Memory<byte> buffer)
        {
            SetBuffer(buffer);
            _source.Reset();
            if (receive ? stream._socket.ReceiveAsync(this) : stream._socket.SendAsync(this))
            {
                return new ValueTask<int>(this, _source.Version);
            }

            // Done at once: no completion callback, nothing to wait for.
            return SocketError == SocketError.Success ? new ValueTask<int>(BytesTransferred) : ValueTask.FromResult(Ended());
        }

        int IValueTaskSource<int>.GetResult(short token) => _source.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _source.GetStatus(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _source.OnCompleted(continuation, state, token, flags);

        protected override void OnCompleted(SocketAsyncEventArgs e)
        {
            if (SocketError == SocketError.Success)
            {
                _source.SetResult(BytesTransferred);
                return;
            }

            try
            {
                _source.SetResult(Ended());
            }
            catch (Exception ex)
            {
                _source.SetException(ex);
            }
        }

        /// <summary>
        /// A read the peer reset reads 0; a write it reset (ECONNRESET, or EPIPE once the reset has closed the socket)
        /// throws an exception made here, whose stack trace is not formatted as the socket's own would be; any other
        /// failure throws as NetworkStream would.
        /// </summary>
        private int Ended()
        {
            var error = SocketError;
            if (error is SocketError.ConnectionReset || (!receive && error is SocketError.Shutdown))
            {
                stream._peerReset = true;
                return receive ? 0 : throw new IOException("The peer reset the connection.", new SocketException((int)error));
            }

            if (error is SocketError.OperationAborted or SocketError.Interrupted)
            {
                throw new ObjectDisposedException(nameof(Socket));
            }

            throw new IOException($"Unable to {(receive ? "read data from" : "write data to")} the transport connection: {error}.", new SocketException((int)error));
        }
    }
}
