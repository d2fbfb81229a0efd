using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>A scripted TCP or TLS peer on loopback: writes bytes by hand and frames what comes back.</summary>
internal sealed class TcpPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly List<byte> _pending = [];

    private TcpPeer(Socket socket, Stream? stream = null)
    {
        _socket = socket;
        _stream = stream ?? new NetworkStream(socket, ownsSocket: false);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The TLS session, for a peer made by <see cref="ConnectTlsAsync"/> or <see cref="AcceptTlsAsync"/>.</summary>
    public SslStream? Tls => _stream as SslStream;

    public string SentBy => SipRequests.SentBy(LocalEndPoint);

    /// <summary>Bytes received and not yet taken as a message.</summary>
    public int Buffered => _pending.Count;

    public static async Task<TcpPeer> ConnectAsync(IPEndPoint to)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        await socket.ConnectAsync(to, cts.Token);
        return new TcpPeer(socket);
    }

    public static TcpPeer Wrap(Socket accepted) => new(accepted);

    /// <summary>
    /// Connects and completes a TLS handshake as a client; throws what the handshake throws. <paramref name="wrap"/>
    /// may put a stream between the socket and TLS, to watch the records.
    /// </summary>
    public static async Task<TcpPeer> ConnectTlsAsync(IPEndPoint to, SslClientAuthenticationOptions options, Func<Stream, Stream>? wrap = null)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        try
        {
            await socket.ConnectAsync(to, cts.Token);
            Stream network = new NetworkStream(socket, ownsSocket: false);
            var ssl = new SslStream(wrap is null ? network : wrap(network));
            await ssl.AuthenticateAsClientAsync(options, cts.Token);
            return new TcpPeer(socket, ssl);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Completes a TLS handshake as the server on an accepted socket.</summary>
    public static async Task<TcpPeer> AcceptTlsAsync(Socket accepted, SslServerAuthenticationOptions options)
    {
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        var ssl = new SslStream(new NetworkStream(accepted, ownsSocket: false));
        await ssl.AuthenticateAsServerAsync(options, cts.Token);
        return new TcpPeer(accepted, ssl);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads raw bytes until at least <paramref name="count"/> are buffered, and takes them.</summary>
    public async Task<string> ReceiveRawAsync(int count)
    {
        while (_pending.Count < count)
        {
            Assert.True(await FillAsync(), "connection closed");
        }

        var text = Encoding.UTF8.GetString(_pending.GetRange(0, count).ToArray());
        _pending.RemoveRange(0, count);
        return text;
    }

    public async Task<SipMessage> ReceiveAsync()
    {
        var limits = new SipLimits();
        while (true)
        {
            var scanner = default(SipFrameScanner);
            var sequence = new ReadOnlySequence<byte>(_pending.ToArray());
            var status = scanner.Scan(sequence, limits, out var length, out _, out var failure);
            if (status == FrameStatus.Complete)
            {
                var frame = _pending.GetRange(0, (int)length).ToArray();
                _pending.RemoveRange(0, (int)length);
                var parsed = SipMessageParser.Parse(frame, limits, isDatagram: false);
                Assert.True(parsed.Success, $"unparsable reply: {parsed.Failure}");
                return parsed.Message!;
            }

            Assert.True(status == FrameStatus.NeedMore || _pending.Count == 0, $"bad frame from the stack: {status} {failure}");
            Assert.True(await FillAsync(), "connection closed before a whole message");
        }
    }

    public async Task<SipResponse> ReceiveResponseAsync() => Assert.IsType<SipResponse>(await ReceiveAsync());

    public async Task<SipRequest> ReceiveRequestAsync() => Assert.IsType<SipRequest>(await ReceiveAsync());

    public async Task<SipResponse> RequestAsync(string text)
    {
        await SendAsync(text);
        return await ReceiveResponseAsync();
    }

    /// <summary>True once the stack closed the connection (EOF or reset), after draining what it sent.</summary>
    public async Task<bool> WaitForCloseAsync()
    {
        try
        {
            while (await FillAsync())
            {
            }
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException)
        {
            // A reset, or a TLS alert the stack sent before closing.
        }

        return true;
    }

    /// <summary>Writes to the socket itself, under any TLS: to send what a TLS peer would not, such as part of a record.</summary>
    public async Task SendRawAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    /// <summary>Ends the connection with a reset (SO_LINGER 0) rather than a FIN, as a crashed or hostile peer does.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        Dispose();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    private async Task<bool> FillAsync()
    {
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        var n = await _stream.ReadAsync(buffer, cts.Token);
        _pending.AddRange(buffer.AsSpan(0, n).ToArray());
        return n > 0;
    }
}
