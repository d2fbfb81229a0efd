using System.Net.Sockets;
using System.Text;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>What a public SIP port gets all day: junk, oversized and truncated messages. Each is answered or dropped; the agent keeps serving.</summary>
public sealed class HostileInputTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    [Fact]
    public async Task Random_bytes_over_udp_are_dropped_and_the_agent_keeps_serving()
    {
        var random = new Random(4475);
        await using var peer = await Agent.PeerAsync(false);
        for (var i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(1, 1500)];
            random.NextBytes(junk);
            await peer.SendBytesAsync(junk);
        }

        await AssertServesAsync(peer);
    }

    [Fact]
    public async Task A_header_section_over_the_limit_gets_513()
    {
        await using var peer = await Agent.PeerAsync(false);
        var huge = "X-Padding: " + new string('a', 20_000) + "\r\n";
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, extraHeaders: huge));
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(513, r.StatusCode);
        await AssertServesAsync(peer);
    }

    [Fact]
    public async Task A_malformed_request_gets_400_naming_the_fault()
    {
        await using var peer = await Agent.PeerAsync(false);
        var text = SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1)
            .Replace("CSeq: 1 SUBSCRIBE", "CSeq: 99999999999 SUBSCRIBE", StringComparison.Ordinal);
        await peer.SendAsync(text);
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("CSeq", r.ReasonPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Junk_on_a_tcp_stream_closes_that_connection_only()
    {
        await using var good = await Agent.PeerAsync(true);
        using (var bad = new TcpClient())
        {
            await bad.ConnectAsync(Agent.SipEndPoint(tcp: true));
            var stream = bad.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("\u0001\u0002 this is not SIP at all\r\n\r\n"));
            var buffer = new byte[4096];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            int n;
            do
            {
                n = await stream.ReadAsync(buffer, cts.Token);
            }
            while (n > 0);
        }

        await AssertServesAsync(good);
    }

    [Fact]
    public async Task A_connection_that_stops_mid_message_does_not_disturb_others()
    {
        await using var good = await Agent.PeerAsync(true);
        using (var half = new TcpClient())
        {
            await half.ConnectAsync(Agent.SipEndPoint(tcp: true));
            await half.GetStream().WriteAsync(Encoding.ASCII.GetBytes("SUBSCRIBE sip:room1@vc.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;bra"));
        }

        await AssertServesAsync(good);
        Agent.AssertNoErrors();
    }

    private static async Task AssertServesAsync(SipTestPeer peer)
    {
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 0));
        SipMessage m;
        do
        {
            m = await peer.ReceiveAsync();
        }
        while (m is not SipResponse { StatusCode: 200 });
    }
}
