using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>recvmmsg batches over real loopback sockets: what is queued comes in one call, in order, with its senders.</summary>
public sealed class UdpReceiveBatchTests : IDisposable
{
    private const int SlotBytes = 2000;

    private readonly Socket _receiver = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _first = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _second = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly UdpReceiveBatch _batch;

    public UdpReceiveBatchTests()
    {
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _second.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _batch = new UdpReceiveBatch(_receiver, SlotBytes);
    }

    [Fact]
    public void It_takes_sixteen_at_a_time_on_64_bit_Linux()
    {
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess ? 16 : 1, _batch.Capacity);
    }

    [Fact]
    public void Everything_queued_comes_in_one_call_in_order_with_each_sender()
    {
        for (var i = 0; i < 5; i++)
        {
            (i % 2 == 0 ? _first : _second).SendTo(Encoding.ASCII.GetBytes($"datagram {i}"), _receiver.LocalEndPoint!);
        }

        WaitForQueued();

        // Where recvmmsg is missing each call takes one.
        var count = _batch.Receive(out var error);
        Assert.Equal(Math.Min(5, _batch.Capacity), count);
        Assert.Null(error);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"datagram {i}", Encoding.ASCII.GetString(_batch.Datagram(i)));
            Assert.Equal((i % 2 == 0 ? _first : _second).LocalEndPoint, SenderOf(i));
        }
    }

    [Fact]
    public void More_than_the_capacity_takes_several_calls_and_loses_nothing()
    {
        const int Sent = 40;
        for (var i = 0; i < Sent; i++)
        {
            _first.SendTo(Encoding.ASCII.GetBytes($"datagram {i}"), _receiver.LocalEndPoint!);
        }

        WaitForQueued();

        var received = new List<string>();
        while (received.Count < Sent)
        {
            var count = _batch.Receive(out _);
            Assert.InRange(count, 1, _batch.Capacity);
            for (var i = 0; i < count; i++)
            {
                received.Add(Encoding.ASCII.GetString(_batch.Datagram(i)));
            }
        }

        Assert.Equal(Enumerable.Range(0, Sent).Select(i => $"datagram {i}"), received);
    }

    [Fact]
    public void The_queue_reads_what_waits_and_counts_what_the_kernel_dropped_for_want_of_room()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(_batch.TryReadQueue(out _, out _, out _));
            return;
        }

        Assert.True(_batch.TryReadQueue(out var queued, out var capacity, out var drops));
        Assert.Equal((0u, 0u), (queued, drops));
        Assert.True(capacity > 0);

        // The smallest receive buffer the kernel allows holds a few datagrams of this size; the rest are dropped.
        _receiver.ReceiveBufferSize = 1;
        var payload = new byte[1000];
        for (var i = 0; i < 200; i++)
        {
            _first.SendTo(payload, _receiver.LocalEndPoint!);
        }

        WaitForQueued();
        Assert.True(_batch.TryReadQueue(out queued, out capacity, out drops));
        Assert.InRange(queued, 1000u, capacity + 4096);
        Assert.InRange(drops, 1u, 199u);

        // Taking what waits empties the queue; the drops stay counted.
        while (_receiver.Available > 0)
        {
            _batch.Receive(out _);
        }

        Assert.True(_batch.TryReadQueue(out queued, out _, out var after));
        Assert.Equal(0u, queued);
        Assert.Equal(drops, after);
    }

    [Fact]
    public void A_datagram_longer_than_a_slot_comes_cut_to_the_slot()
    {
        _first.SendTo(new byte[SlotBytes + 500], _receiver.LocalEndPoint!);
        _first.SendTo("after"u8.ToArray(), _receiver.LocalEndPoint!);
        WaitForQueued();

        var count = _batch.Receive(out _);

        Assert.Equal(SlotBytes, _batch.Datagram(0).Length);
        if (count == 1)
        {
            count = _batch.Receive(out _);
            Assert.Equal("after", Encoding.ASCII.GetString(_batch.Datagram(0)));
        }
        else
        {
            Assert.Equal("after", Encoding.ASCII.GetString(_batch.Datagram(1)));
        }
    }

    [Fact]
    public async Task It_waits_for_the_first_datagram_and_returns_it_alone()
    {
        var receive = Task.Factory.StartNew(() => (Count: _batch.Receive(out _), Text: Encoding.ASCII.GetString(_batch.Datagram(0))), TaskCreationOptions.LongRunning);
        await Task.Delay(200);
        Assert.False(receive.IsCompleted, "returned with nothing queued");

        _first.SendTo("late"u8.ToArray(), _receiver.LocalEndPoint!);

        var (count, text) = await receive.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, count);
        Assert.Equal("late", text);
    }

    [Fact]
    public async Task Closing_the_socket_ends_a_waiting_receive()
    {
        var receive = Task.Factory.StartNew(() => _batch.Receive(out _), TaskCreationOptions.LongRunning);
        await Task.Delay(200);

        _receiver.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => receive.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Throws<ObjectDisposedException>(() => _batch.Receive(out _));
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _first.Dispose();
        _second.Dispose();
    }

    private IPEndPoint SenderOf(int index)
    {
        var address = new SocketAddress(AddressFamily.InterNetwork);
        _batch.Sender(index).CopyTo(address.Buffer.Span);
        address.Size = _batch.Sender(index).Length;
        return (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address);
    }

    // Loopback delivers within the send call unless the kernel left it to ksoftirqd under load: the grace covers that.
    private void WaitForQueued()
    {
        Assert.True(_receiver.Poll(TimeSpan.FromSeconds(5), SelectMode.SelectRead));
        Thread.Sleep(50);
    }
}
