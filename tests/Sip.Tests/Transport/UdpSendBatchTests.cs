using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>sendmmsg batches over real loopback sockets: order, the flush when full, and refused datagrams skipped and logged.</summary>
public sealed class UdpSendBatchTests : IDisposable
{
    private const int SendFailed = 1030;

    private readonly Socket _receiver = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly TestLogs _logs = new();
    private readonly UdpSendBatch _batch;
    private readonly IPEndPoint _to;

    public UdpSendBatchTests()
    {
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver.ReceiveTimeout = 5000;
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _to = (IPEndPoint)_receiver.LocalEndPoint!;
        _batch = new UdpSendBatch(this, _sender.SafeHandle, _logs.CreateLogger("test"));
    }

    [Fact]
    public void It_is_there_on_64_bit_Linux()
    {
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, UdpSendBatch.IsSupported);
    }

    [Fact]
    public void Nothing_leaves_before_the_flush_and_then_everything_in_order()
    {
        Assert.True(Add("SIP/2.0 200 OK\r\n\r\n", ""));
        Assert.True(Add("NOTIFY sip:w@127.0.0.1 SIP/2.0\r\nContent-Length: 6\r\n\r\n", "<pidf>"));
        Assert.Equal(0, _receiver.Available);
        Assert.False(_batch.IsEmpty);

        _batch.Flush();

        Assert.True(_batch.IsEmpty);

        Assert.Equal("SIP/2.0 200 OK\r\n\r\n", Receive());
        Assert.Equal("NOTIFY sip:w@127.0.0.1 SIP/2.0\r\nContent-Length: 6\r\n\r\n<pidf>", Receive());
        _batch.Flush();
        Assert.False(_receiver.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead), "a second flush sent again");
    }

    [Fact]
    public void A_full_batch_is_flushed_before_the_next_datagram_is_queued()
    {
        for (var i = 0; i < 40; i++)
        {
            Assert.True(Add($"datagram {i}", new string('x', 3000)));
        }

        _batch.Flush();
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal($"datagram {i}" + new string('x', 3000), Receive());
        }
    }

    [Fact]
    public void A_datagram_larger_than_the_batch_is_left_to_the_caller()
    {
        Assert.False(Add("big", new string('x', 70_000)));
    }

    [Fact]
    public void A_datagram_the_kernel_refuses_is_logged_and_the_rest_still_leave()
    {
        Assert.True(Add("first", ""));

        // A sockaddr cut short: EINVAL for this datagram only.
        var to = _to.Serialize();
        Assert.True(_batch.TryAdd("refused"u8, default, to.Buffer.Span[..4], _to));
        Assert.True(Add("third", ""));

        _batch.Flush();

        Assert.Equal("first", Receive());
        Assert.Equal("third", Receive());
        Assert.Equal(1, _logs.Count(SendFailed));
    }

    [Fact]
    public void A_closed_socket_logs_every_queued_datagram_as_not_sent()
    {
        Assert.True(Add("one", ""));
        Assert.True(Add("two", ""));
        _sender.Dispose();

        _batch.Flush();

        Assert.Equal(2, _logs.Entries.Count(e => e.EventId.Id == SendFailed && e.Message.Contains("listener stopped", StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _sender.Dispose();
    }

    private bool Add(string head, string body)
    {
        var to = _to.Serialize();
        return _batch.TryAdd(Encoding.ASCII.GetBytes(head), Encoding.ASCII.GetBytes(body), to.Buffer.Span[..to.Size], _to);
    }

    private string Receive()
    {
        var buffer = new byte[70_000];
        var n = _receiver.Receive(buffer);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }
}
