using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Tests.Support;

/// <summary>
/// A watcher on a UDP socket at an address of the test's choosing (127.0.0.x: another address is another host that
/// has never answered the agent), counting the bytes it sends; it answers only when the test says so.
/// </summary>
internal sealed class SipUdpWatcher : IDisposable
{
    private readonly Socket _socket;

    public SipUdpWatcher(IPAddress address)
    {
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(address, 0));
        SentBy = ((IPEndPoint)_socket.LocalEndPoint!).ToString();
    }

    /// <summary>Our address and port as a Via sent-by and Contact host.</summary>
    public string SentBy { get; }

    /// <summary>Bytes sent to the agent so far.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Bytes received from the agent so far (by <see cref="ReceiveAsync"/> and <see cref="DrainQueued"/>).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>A SUBSCRIBE as <see cref="SubscribeRequests.Text"/> writes it, but over UDP from and with a Contact at this socket.</summary>
    public string Subscribe(string callId, string uri, params string[] extraHeaders) =>
        SubscribeRequests.Text(callId: callId, uri: uri, contact: $"<sip:watcher@{SentBy}>", extraHeaders: extraHeaders)
            .Replace("Via: SIP/2.0/TCP 192.0.2.10:5070", "Via: SIP/2.0/UDP " + SentBy, StringComparison.Ordinal);

    public void Send(string text, IPEndPoint agent) => BytesSent += _socket.SendTo(Encoding.UTF8.GetBytes(text), agent);

    /// <summary>Answers <paramref name="request"/> 200 to <paramref name="agent"/>.</summary>
    public void Answer(SipRequest request, IPEndPoint agent)
    {
        var sb = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var via in request.Headers.GetValues(HeaderKind.Via))
        {
            sb.Append("Via: ").Append(via).Append("\r\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"From: {request.Headers.GetFirst(HeaderKind.From)}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"To: {request.Headers.GetFirst(HeaderKind.To)}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Call-ID: {request.CallId}\r\nCSeq: {request.CSeq}\r\nContent-Length: 0\r\n\r\n");
        Send(sb.ToString(), agent);
    }

    /// <summary>The next datagram from the agent, parsed.</summary>
    public async Task<SipMessage> ReceiveAsync()
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(HangGuard.Timeout);
        var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        BytesReceived += n;
        var parsed = SipMessageParser.Parse(buffer.AsMemory(0, n).ToArray(), new SipLimits(), isDatagram: true);
        Assert.True(parsed.Success, parsed.Failure?.ToString());
        return parsed.Message!;
    }

    /// <summary>Takes the datagrams already queued at the socket without waiting, counting their bytes.</summary>
    public void DrainQueued()
    {
        var buffer = new byte[65536];
        while (_socket.Available > 0)
        {
            BytesReceived += _socket.Receive(buffer);
        }
    }

    public void Dispose() => _socket.Dispose();
}
