using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>
/// The completed-transaction tables stay within Sip:Transactions:MaxCompletedBytes however much is offered, and still
/// answer retransmissions of recent requests from memory, over a real UDP socket.
/// </summary>
public sealed class CompletedBudgetTests
{
    private const long Budget = SipTransactionOptions.MinCompletedBytes;

    [Fact]
    public async Task Offered_several_times_the_budget_the_store_stays_within_it_and_absorbs_recent_retransmissions()
    {
        var padding = new string('p', 2000);
        var handler = new TestRequestHandler
        {
            Behavior = r =>
            {
                var ok = r.CreateResponse(200);
                ok.Headers.Add("X-Padding", padding);
                return r.RespondAsync(ok);
            },
        };
        await using var h = await StackHarness.StartAsync(
            o => o with
            {
                Transactions = new SipTransactionOptions { MaxCompletedBytes = Budget },
                RateLimits = new SipRateLimitOptions { PerSecond = 1_000_000, Burst = 10_000_000 },

                // The padded responses are five times their requests: not what this test is about.
                Limits = new SipLimits { AmplificationFactor = 100 },
            },
            handler);
        using var peer = new UdpPeer();

        // About 2 kB kept per request: 1,500 requests offer three times the whole budget within one Timer J.
        var peak = 0L;
        string? last = null;
        SipResponse? lastResponse = null;
        for (var i = 0; i < 1500; i++)
        {
            last = SipRequests.Text("SUBSCRIBE", peer.SentBy, callId: $"budget{i}@peer", headers: ["Event: presence"]);
            lastResponse = await peer.RequestAsync(last, h.Udp);
            Assert.Equal(200, lastResponse.StatusCode);
            peak = Math.Max(peak, h.Stack.CompletedTransactionBytes);
        }

        Assert.InRange(peak, Budget / 2, Budget);

        // The most recent request, sent again, is answered from the store: same response, the handler not called again.
        var again = await peer.RequestAsync(last!, h.Udp);
        Assert.Equal(lastResponse!.To!.Tag, again.To!.Tag);
        Assert.Equal(padding, again.Headers.GetFirst("X-Padding"));
        Assert.Equal(1500, h.Handler.Calls.Count);
    }
}
