using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>The facade: endpoints, Contact URIs, lifecycle.</summary>
public sealed class SipStackTests
{
    [Fact]
    public async Task Port_zero_listeners_report_their_real_ports()
    {
        await using var h = await StackHarness.StartAsync();

        Assert.Equal(4, h.Stack.LocalEndPoints.Count);
        Assert.All(h.Stack.LocalEndPoints, e => Assert.NotEqual(0, e.EndPoint.Port));
        Assert.True(h.Logs.Has(1000));
        Assert.True(h.Logs.Has(1500));
    }

    [Fact]
    public async Task Contact_uri_names_the_listener_and_its_transport()
    {
        await using var h = await StackHarness.StartAsync();

        Assert.Equal($"sip:127.0.0.1:{h.Udp.Port}", h.Stack.GetContactUri(TransportProtocol.Udp).ToString());
        Assert.Equal($"sip:127.0.0.1:{h.Tcp.Port};transport=tcp", h.Stack.GetContactUri(TransportProtocol.Tcp).ToString());
    }

    [Fact]
    public async Task Contact_host_option_wins()
    {
        await using var h = await StackHarness.StartAsync(o => o with { Host = "presence.example.com" });

        Assert.Equal("presence.example.com", h.Stack.GetContactUri(TransportProtocol.Udp).Host);
    }

    [Fact]
    public async Task Invite_cannot_be_sent()
    {
        await using var h = await StackHarness.StartAsync();

        Assert.Throws<ArgumentException>(() => { _ = h.Stack.SendRequestAsync(Build.Request(SipMethods.Invite)); });
    }

    [Fact]
    public async Task Stopped_stack_stops_answering_and_logs_it()
    {
        var h = await StackHarness.StartAsync();
        await h.DisposeAsync();

        Assert.True(h.Logs.Has(1501));
        Assert.True(h.Logs.Has(1001));
        Assert.Throws<InvalidOperationException>(() => { _ = h.Stack.SendRequestAsync(Build.Request(SipMethods.Notify)); });
    }

    [Fact]
    public async Task Message_trace_logs_full_text_under_its_own_category()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, callId: "trace-me@peer"), h.Udp);
        await h.Logs.WaitForAsync(1101);

        Assert.Contains(h.Logs.Entries, e => e.Category == "PresenceAgent.Sip.Trace" && e.EventId.Id == 1100 && e.Message.Contains("trace-me@peer", StringComparison.Ordinal));
        Assert.Contains(h.Logs.Entries, e => e.Category == "PresenceAgent.Sip.Trace" && e.EventId.Id == 1101 && e.Message.Contains("SIP/2.0 200 OK", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Logs.Entries, e => e.Category != "PresenceAgent.Sip.Trace" && e.Message.Contains("trace-me@peer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_message_trace_nothing_is_traced()
    {
        await using var h = await StackHarness.StartAsync(o => o with { MessageTrace = false });
        using var peer = new UdpPeer();

        await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp);

        Assert.DoesNotContain(h.Logs.Entries, e => e.Category == "PresenceAgent.Sip.Trace");
    }

    [Fact]
    public async Task Port_in_use_fails_start_naming_the_endpoint()
    {
        using var taken = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        taken.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((System.Net.IPEndPoint)taken.LocalEndPoint!).Port;
        var options = new PresenceAgent.Sip.Core.SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Tcp, Address = "127.0.0.1", Port = port }],
            Domains = ["example.com"],
        };
        await using var stack = new PresenceAgent.Sip.Core.SipStack(options, new ManualTimeProvider(), new TestLogs());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stack.StartAsync([new TestRequestHandler()], CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Empty(stack.LocalEndPoints);
    }
}
