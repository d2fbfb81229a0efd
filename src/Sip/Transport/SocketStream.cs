using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// A connected socket as the stream under a TCP or TLS connection. Reads report the peer's reset as the end of the
/// stream and remember it in <see cref="PeerReset"/>. For a SIP connection a reset ends the flow as a FIN does, but
/// NetworkStream reports it as an exception that records its formatted stack trace where it is made and again at every
/// async frame of SslStream and the pipe reader it climbs. Under `openssl s_time`, which resets every connection, that
/// more than doubled what a resumed TLS connection cost us (bench/RESULTS.md, issue 13, seventh session). Here a read
/// completes through one reusable <see cref="SocketAsyncEventArgs"/>, whose error is a code, not an exception.
/// </summary>
/// <remarks>
/// SslStream and the pipe reader only read and write asynchronously with <see cref="Memory{T}"/>; the synchronous
/// calls are refused. One read at a time, as every stream allows. A waiting read ends when the socket is closed, with
/// <see cref="ObjectDisposedException"/>, not when its token is cancelled: the connection's Close does both, and
/// a registration per read would cost more than the read.
/// </remarks>
internal sealed class SocketStream(Socket socket) : Stream
{
    private readonly Receive _receive = new();

    /// <summary>A read ended because the peer reset the connection.</summary>
    public bool PeerReset => _receive.PeerReset;

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
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : _receive.Start(socket, buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        SendAllAsync(buffer, cancellationToken);

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
            socket.Dispose();
            _receive.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        // A stream socket's send completes only once every byte is out; the loop is for the contract, not the kernel.
        while (!buffer.IsEmpty)
        {
            buffer = buffer[await socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
        }
    }

    /// <summary>The receive in flight: a reusable awaitable over the socket's own completion.</summary>
    private sealed class Receive() : SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true), IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _source;
        private volatile bool _peerReset;

        public bool PeerReset => _peerReset;

        public ValueTask<int> Start(Socket socket, Memory<byte> buffer)
        {
            SetBuffer(buffer);
            _source.Reset();
            if (socket.ReceiveAsync(this))
            {
                return new ValueTask<int>(this, _source.Version);
            }

            // Done at once (the data was there): no completion callback, nothing to wait for.
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

        /// <summary>0 for a reset; throws for any other failure, as NetworkStream would.</summary>
        private int Ended()
        {
            switch (SocketError)
            {
                case SocketError.ConnectionReset:
                    _peerReset = true;
                    return 0;
                case SocketError.OperationAborted or SocketError.Interrupted:
                    throw new ObjectDisposedException(nameof(Socket));
                default:
                    throw new IOException($"Unable to read data from the transport connection: {SocketError}.", new SocketException((int)SocketError));
            }
        }
    }
}
