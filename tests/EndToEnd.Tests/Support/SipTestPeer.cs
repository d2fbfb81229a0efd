using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// A scripted SIP peer on a real loopback socket (UDP, TCP or TLS): sends hand-written messages to the agent and
/// collects what comes back, parsed. NOTIFYs can be answered automatically.
/// </summary>
internal sealed class SipTestPeer : IAsyncDisposable
{
    private static readonly TimeSpan s_defaultWait = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;

    // TCP and TLS: what the loop reads and sends go through; null for UDP.
    private readonly Stream? _stream;
    private readonly IPEndPoint _agent;
    private readonly Channel<SipMessage> _received = Channel.CreateUnbounded<SipMessage>();
    private readonly Channel<byte[]> _raw = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly HashSet<(string?, CSeqHeader?, string?)> _seenRequests = [];

    private SipTestPeer(Socket socket, IPEndPoint agent, string transport, Stream? stream)
    {
        _socket = socket;
        _agent = agent;
        _stream = stream;
        Transport = transport;
        _loop = stream is null ? ReadDatagramsAsync() : ReadStreamAsync(stream);
    }

    /// <summary>UDP, TCP or TLS, as written in a Via.</summary>
    public string Transport { get; }

    /// <summary>The TLS session of a TLS peer.</summary>
    public SslStream? Tls => _stream as SslStream;

    public IPEndPoint Local => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>How to answer NOTIFYs: a status code, or null to leave them unanswered.</summary>
    public Func<SipRequest, int?> NotifyAnswer { get; set; } = _ => 200;

    /// <summary>A peer on <paramref name="local"/> (another loopback address is another source to the agent), else on the agent's address.</summary>
    public static async Task<SipTestPeer> ConnectAsync(IPEndPoint agent, bool tcp, IPAddress? local = null)
    {
        if (!tcp)
        {
            var udp = new Socket(agent.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(local ?? agent.Address, 0));
            return new SipTestPeer(udp, agent, "UDP", null);
        }

        var socket = new Socket(agent.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(local ?? agent.Address, 0));
        await socket.ConnectAsync(agent);
        return new SipTestPeer(socket, agent, "TCP", new NetworkStream(socket, ownsSocket: false));
    }

    /// <summary>Connects over TLS as a client; throws what the handshake throws.</summary>
    public static async Task<SipTestPeer> ConnectTlsAsync(IPEndPoint agent, SslClientAuthenticationOptions options)
    {
        var socket = new Socket(agent.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(agent.Address, 0));
            await socket.ConnectAsync(agent);
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
            using var cts = new CancellationTokenSource(s_defaultWait);
            await ssl.AuthenticateAsClientAsync(options, cts.Token);
            return new SipTestPeer(socket, agent, "TLS", ssl);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Takes a TCP connection the agent opened to a listening test peer.</summary>
    public static async Task<SipTestPeer> AcceptAsync(Socket listener)
    {
        using var cts = new CancellationTokenSource(s_defaultWait);
        var socket = await listener.AcceptAsync(cts.Token);
        return new SipTestPeer(socket, (IPEndPoint)socket.RemoteEndPoint!, "TCP", new NetworkStream(socket, ownsSocket: false));
    }

    /// <summary>Takes a connection the agent opened to a listening test peer, as its TLS server.</summary>
    public static async Task<SipTestPeer> AcceptTlsAsync(Socket listener, SslServerAuthenticationOptions options)
    {
        using var cts = new CancellationTokenSource(s_defaultWait);
        var socket = await listener.AcceptAsync(cts.Token);
        try
        {
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
            await ssl.AuthenticateAsServerAsync(options, cts.Token);
            return new SipTestPeer(socket, (IPEndPoint)socket.RemoteEndPoint!, "TLS", ssl);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task SendAsync(string message)
    {
        await SendBytesAsync(Encoding.UTF8.GetBytes(message));
    }

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_stream is not null)
            {
                await _stream.WriteAsync(bytes);
                await _stream.FlushAsync();
            }
            else
            {
                await _socket.SendToAsync(bytes, SocketFlags.None, _agent);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next message from the agent, or a TimeoutException.</summary>
    public async Task<SipMessage> ReceiveAsync(TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? s_defaultWait);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"nothing received from the agent over {Transport} within {wait ?? s_defaultWait}");
        }
    }

    public async Task<SipResponse> ReceiveResponseAsync(TimeSpan? wait = null)
    {
        var m = await ReceiveAsync(wait);
        return m as SipResponse ?? throw new InvalidOperationException($"expected a response, got {m}");
    }

    public async Task<SipRequest> ReceiveRequestAsync(string method, TimeSpan? wait = null)
    {
        var m = await ReceiveAsync(wait);
        return m is SipRequest r && r.Method == method ? r : throw new InvalidOperationException($"expected {method}, got {m}");
    }

    /// <summary>
    /// The next NOTIFY that carries state, past a body-less active or pending one, which NotifyAnswer has answered: over UDP the
    /// agent sends one first to an address that has not answered it yet (so whether a test sees it depends on which
    /// tests ran from its address before), and its answer lets the state follow. Over TCP and TLS nothing is skipped.
    /// </summary>
    public async Task<SipRequest> ReceiveStateNotifyAsync(TimeSpan? wait = null)
    {
        while (true)
        {
            var notify = await ReceiveRequestAsync(SipMethods.Notify, wait);
            var state = notify.Headers.GetFirst(HeaderKind.SubscriptionState) ?? "";
            if (Transport != "UDP" || !notify.Body.IsEmpty ||
                !(state.StartsWith("active", StringComparison.OrdinalIgnoreCase) || state.StartsWith("pending", StringComparison.OrdinalIgnoreCase)))
            {
                return notify;
            }
        }
    }

    /// <summary>True when nothing arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> IsSilentAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            await _received.Reader.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Raw bytes as they arrived (datagrams, or stream reads), for keep-alive checks.</summary>
    public ChannelReader<byte[]> Raw => _raw.Reader;

    public bool Closed { get; private set; }

    private async Task ReadDatagramsAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_agent.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from an earlier send; keep listening.
            }

            var bytes = buffer.AsSpan(0, r.ReceivedBytes).ToArray();
            await _raw.Writer.WriteAsync(bytes);
            await DeliverAsync(bytes, isDatagram: true);
        }
    }

    private async Task ReadStreamAsync(Stream stream)
    {
        var pending = new List<byte>();
        var buffer = new byte[65536];
        var limits = new SipLimits();
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await stream.ReadAsync(buffer, _stop.Token);
            }
            catch (Exception)
            {
                Closed = true;
                _received.Writer.TryComplete();
                return;
            }

            if (n == 0)
            {
                Closed = true;
                _received.Writer.TryComplete();
                return;
            }

            await _raw.Writer.WriteAsync(buffer.AsSpan(0, n).ToArray());
            pending.AddRange(buffer.AsSpan(0, n).ToArray());
            while (pending.Count > 0)
            {
                var scanner = default(SipFrameScanner);
                var seq = new ReadOnlySequence<byte>(pending.ToArray());
                var status = scanner.Scan(seq, limits, out var length, out _, out _);
                if (status is FrameStatus.NeedMore)
                {
                    break;
                }

                if (status is FrameStatus.Invalid)
                {
                    throw new InvalidDataException("the agent sent an unframeable message");
                }

                var frame = pending.GetRange(0, (int)length).ToArray();
                pending.RemoveRange(0, (int)length);
                if (status is FrameStatus.Complete)
                {
                    await DeliverAsync(frame, isDatagram: false);
                }
            }
        }
    }

    private async Task DeliverAsync(byte[] bytes, bool isDatagram)
    {
        // A 400 echoes the request's broken header (RFC 3261 §8.2.6.2), so a response only needs a readable status line.
        var result = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram);
        if (!result.Success && result.Message is not SipResponse)
        {
            throw new InvalidDataException($"the agent sent a message our parser rejects: {result.Failure}");
        }

        var message = result.Message!;
        if (message is SipRequest { Method: SipMethods.Notify } notify && NotifyAnswer(notify) is { } status)
        {
            await SendAsync(SipScript.ResponseTo(notify, status));
        }

        // Like a transaction layer: a retransmitted request (UDP, Timer E) is answered again but seen once.
        if (message is SipRequest request && !_seenRequests.Add((request.CallId, request.CSeq, request.TopVia?.Branch)))
        {
            return;
        }

        await _received.Writer.WriteAsync(message);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // The loop ends with the socket; its outcome was reported through the channel.
        }

        _stop.Dispose();
        _sendLock.Dispose();
    }
}
