using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>sendmsg with two buffers over real loopback sockets (the agent runs on 64-bit Linux): one datagram, head then body, to IPv4 and IPv6.</summary>
public sealed class GatherSendTests
{
    [Fact]
    public void It_is_there_on_64_bit_Linux()
    {
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, GatherSend.IsSupported);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Head_and_body_arrive_as_one_datagram(string loopback)
    {
        var address = IPAddress.Parse(loopback);
        using var receiver = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(address, 0));
        using var sender = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(address, 0));
        var to = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();

        var head = "NOTIFY sip:w1@127.0.0.1 SIP/2.0\r\nContent-Length: 6\r\n\r\n"u8.ToArray();
        Assert.True(GatherSend.TrySend(sender.SafeHandle, to.Buffer.Span[..to.Size], head, "<pidf>"u8, out var errno), $"errno {errno}");

        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var received = await receiver.ReceiveFromAsync(buffer, new IPEndPoint(address, 0), timeout.Token);
        Assert.Equal("NOTIFY sip:w1@127.0.0.1 SIP/2.0\r\nContent-Length: 6\r\n\r\n<pidf>", Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes));
        Assert.Equal(sender.LocalEndPoint, received.RemoteEndPoint);
    }

    [Fact]
    public void A_send_the_kernel_refuses_reports_its_errno_and_sends_nothing()
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var to = new IPEndPoint(IPAddress.Loopback, 9).Serialize();

        // Over the 64 KiB a UDP datagram can hold: EMSGSIZE (90).
        Assert.False(GatherSend.TrySend(sender.SafeHandle, to.Buffer.Span[..to.Size], new byte[40_000], new byte[40_000], out var errno));
        Assert.Equal(90, errno);
    }

    [Fact]
    public void A_closed_socket_is_reported_as_disposed_which_the_listener_logs_as_stopped()
    {
        var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var handle = sender.SafeHandle;
        sender.Dispose();
        var to = new IPEndPoint(IPAddress.Loopback, 9).Serialize();

        Assert.Throws<ObjectDisposedException>(() => GatherSend.TrySend(handle, to.Buffer.Span[..to.Size], "NOTIFY"u8, "<pidf>"u8, out _));
    }
}
