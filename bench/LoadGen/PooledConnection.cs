using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Text;
using System.Threading.Channels;

namespace PresenceAgent.LoadGen;

/// <summary>
/// One long-lived connection carrying many calls at once, as a Front End pool's connections do: one read loop hands
/// each message to the call its Call-ID names, and writes take turns (an SslStream takes one write at a time). When
/// the connection ends, every call on it fails; it is not reopened (a run that loses one is not clean anyway).
/// </summary>
internal sealed class PooledConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly MessageReader _reader;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<string, Channel<SipText>> _calls = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private volatile Exception? _ended;
    private long _stray;

    private PooledConnection(Stream stream, IPEndPoint local)
    {
        _stream = stream;
        _reader = new MessageReader(stream);
        Local = local;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public IPEndPoint Local { get; }

    /// <summary>Messages whose Call-ID names no call in progress (answers to a call that already failed, say).</summary>
    public long Stray => Interlocked.Read(ref _stray);

    public static async Task<PooledConnection> OpenAsync(LoadOptions options, SslClientAuthenticationOptions? tls, CancellationToken cancellationToken)
    {
        var (socket, stream) = await Connection.OpenAsync(options, tls, cancellationToken);
        return new PooledConnection(stream, (IPEndPoint)socket.LocalEndPoint!);
    }

    /// <summary>Registers the call <paramref name="callId"/> before its first request, so no answer can come first.</summary>
    public Link Join(string callId)
    {
        // The call goes on on the read loop's thread (it only formats and writes), rather than after a hop to the pool.
        var messages = Channel.CreateUnbounded<SipText>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });
        _calls[callId] = messages;
        if (_ended is { } ended)
        {
            messages.Writer.TryComplete(ended);
        }

        return new Link(this, callId, messages.Reader);
    }

    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        await _stream.DisposeAsync();
        await _readLoop;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var message = await _reader.ReadAsync(_closing.Token);
                if (message.Header("Call-ID") is { } id && _calls.TryGetValue(id, out var call))
                {
                    call.Writer.TryWrite(message);
                }
                else
                {
                    Interlocked.Increment(ref _stray);
                }
            }
        }
        catch (Exception ex)
        {
            _ended = ex is EndOfStreamException ? ex : new EndOfStreamException($"the connection ended: {ex.Message}", ex);
            foreach (var call in _calls.Values)
            {
                call.Writer.TryComplete(_ended);
            }
        }
    }

    private async ValueTask WriteAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>One call's share of the connection; disposing it forgets the call.</summary>
    internal sealed class Link(PooledConnection connection, string callId, ChannelReader<SipText> messages) : ICallLink, IDisposable
    {
        public IPEndPoint Local => connection.Local;

        public async ValueTask<SipText> ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await messages.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException ex)
            {
                throw ex.InnerException ?? new EndOfStreamException("the connection ended");
            }
        }

        public ValueTask WriteAsync(string text, CancellationToken cancellationToken) => connection.WriteAsync(text, cancellationToken);

        public void Dispose() => connection._calls.TryRemove(callId, out _);
    }
}
