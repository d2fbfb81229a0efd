using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// Datagrams already queued when the receive thread wakes are taken several to a call (recvmmsg, where supported):
/// each is still handled on its own, from its own sender, an over-long one among them dropped.
/// </summary>
public sealed class BatchReceiveTests
{
    [Fact]
    public async Task A_burst_is_answered_in_full_and_an_over_long_datagram_in_it_is_dropped()
    {
        await using var h = TransportHarness.Start(new SipLimits { MaxDatagramSize = 1300 });
        using var first = new UdpPeer();
        using var second = new UdpPeer();
        for (var i = 0; i < 40; i++)
        {
            var peer = i % 2 == 0 ? first : second;
            peer.Send(SipRequests.Text("OPTIONS", peer.SentBy, callId: $"burst-{i}@peer"), h.Udp);
            if (i == 20)
            {
                first.Send(new string('x', 1400), h.Udp);
            }
        }

        var answered = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            answered.Add((await first.ReceiveResponseAsync()).CallId!);
            answered.Add((await second.ReceiveResponseAsync()).CallId!);
        }

        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"burst-{i}@peer").Order(), answered.Order());
        Assert.Equal(0, first.TakeQueued().Datagrams);
    }
}
