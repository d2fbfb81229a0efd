using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>A scripted UDP peer on loopback: sends bytes written by hand and reads what comes back.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket;

    public UdpPeer(AddressFamily family = AddressFamily.InterNetwork)
        : this(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0))
    {
    }

    /// <summary>A peer at <paramref name="bind"/>: another loopback address such as 127.0.0.2 stands for another host.</summary>
    public UdpPeer(IPEndPoint bind)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public string SentBy => SipRequests.SentBy(LocalEndPoint);

    public void Send(string text, IPEndPoint to) => _socket.SendTo(Encoding.UTF8.GetBytes(text), to);

    /// <summary>
    /// Sends <paramref name="texts"/> in one sendmmsg(2): all are queued at the receiver before its receive thread wakes,
    /// so one recvmmsg takes them together.
    /// </summary>
    public void SendTogether(IReadOnlyList<string> texts, IPEndPoint to)
    {
        var batch = new UdpSendBatch(this, _socket.SafeHandle, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var name = to.Serialize();
        foreach (var text in texts)
        {
            Assert.True(batch.TryAdd(Encoding.UTF8.GetBytes(text), default, name.Buffer.Span[..name.Size], to));
        }

        batch.Flush();
    }

    public async Task<(byte[] Bytes, IPEndPoint From)> ReceiveBytesAsync()
    {
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(LocalEndPoint.Address, 0), cts.Token);
        return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
    }

    /// <summary>
    /// Sends <paramref name="text"/> every T1 (500 ms) until something comes back, as a client's Timer E does: a
    /// retransmission that arrives while the transaction is still recording its answer is absorbed, the next answered.
    /// </summary>
    public async Task<(byte[] Bytes, IPEndPoint From)> RetransmitUntilAnsweredAsync(string text, IPEndPoint to)
    {
        var buffer = new byte[65536];
        using var guard = new CancellationTokenSource(Timeouts.HangGuard);
        while (true)
        {
            Send(text, to);
            using var t1 = CancellationTokenSource.CreateLinkedTokenSource(guard.Token);
            t1.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(LocalEndPoint.Address, 0), t1.Token);
                return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
            }
            catch (OperationCanceledException) when (!guard.IsCancellationRequested)
            {
            }
        }
    }

    public async Task<SipMessage> ReceiveAsync()
    {
        var (bytes, _) = await ReceiveBytesAsync();
        var parsed = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true);
        Assert.True(parsed.Success, $"unparsable reply: {parsed.Failure}\n{Encoding.UTF8.GetString(bytes)}");
        return parsed.Message!;
    }

    public async Task<SipResponse> ReceiveResponseAsync() => Assert.IsType<SipResponse>(await ReceiveAsync());

    public async Task<SipResponse> RequestAsync(string text, IPEndPoint to)
    {
        Send(text, to);
        return await ReceiveResponseAsync();
    }

    /// <summary>The datagrams already queued at this socket, taken without waiting: how many, and their bytes.</summary>
    public (int Datagrams, long Bytes) TakeQueued()
    {
        var buffer = new byte[65536];
        var (datagrams, bytes) = (0, 0L);
        while (_socket.Available > 0)
        {
            bytes += _socket.Receive(buffer);
            datagrams++;
        }

        return (datagrams, bytes);
    }

    /// <summary>
    /// Gives the agent a budget to send to this peer. Until an address has answered one of its requests, the agent
    /// sends it over UDP at most <see cref="SipLimits.AmplificationFactor"/> times what it received from it
    /// (RFC 9000 §8.1): a watcher's SUBSCRIBE gives it that, and a peer that is to receive requests without having sent
    /// one introduces itself with this first. The request is SUBSCRIBE-sized and malformed (its CSeq names another
    /// method), so the transport answers 400 on its own and leaves no transaction or timer behind; the answer shows
    /// the bytes were counted.
    /// </summary>
    public async Task IntroduceAsync(IPEndPoint agent)
    {
        var request = SipRequests.Text("OPTIONS", SentBy, headers: ["Subject: " + new string('x', 1500)])
            .Replace(" OPTIONS\r\n", " INFO\r\n", StringComparison.Ordinal);
        Assert.Equal(400, (await RequestAsync(request, agent)).StatusCode);
    }

    public void Dispose() => _socket.Dispose();
}
