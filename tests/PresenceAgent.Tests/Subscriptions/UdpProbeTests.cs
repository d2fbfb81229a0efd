using System.Net;
using PresenceAgent.Directory;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// A new UDP watcher whose full NOTIFY would pass the anti-amplification budget (Sip:Limits:AmplificationFactor, 3 by
/// default, as RFC 9000 §8.1) is first sent a NOTIFY without a body; its answer proves the address and the state
/// follows. Each test is a loopback address (127.0.0.x) that has never answered the agent.
/// </summary>
public sealed class UdpProbeTests
{
    private const string Room = "sip:townhall@vc.test";

    private static Task<UdpLoopbackAgent> StartAsync() =>
        UdpLoopbackAgent.StartAsync([new ServiceOptions { Name = "Town Hall", Aliases = ["townhall@vc.test"] }], ["vc.test"]);

    [Fact]
    public async Task A_new_udp_watcher_gets_a_bodiless_notify_then_the_state_once_it_answers()
    {
        await using var agent = await StartAsync();
        using var watcher = new SipUdpWatcher(IPAddress.Parse("127.0.0.41"));

        watcher.Send(watcher.Subscribe("probe-1@udp", Room, "Expires: 600"), agent.EndPoint);

        Assert.Equal(200, Assert.IsType<SipResponse>(await watcher.ReceiveAsync()).StatusCode);
        var probe = Assert.IsType<SipRequest>(await watcher.ReceiveAsync());
        Assert.Equal(SipMethods.Notify, probe.Method);
        Assert.True(probe.Body.IsEmpty);
        Assert.Null(probe.Headers.GetFirst(HeaderKind.ContentType));
        Assert.StartsWith("active;expires=", probe.Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);

        watcher.Answer(probe, agent.EndPoint);
        var state = Assert.IsType<SipRequest>(await watcher.ReceiveAsync());
        Assert.Equal(SipMethods.Notify, state.Method);
        Assert.Equal("application/pidf+xml", state.Headers.GetFirst(HeaderKind.ContentType));
        Assert.Contains("<presence", System.Text.Encoding.UTF8.GetString(state.Body.Span), StringComparison.Ordinal);
        Assert.True(state.CSeq!.Value.Number > probe.CSeq!.Value.Number);
        watcher.Answer(state, agent.EndPoint);
    }

    [Fact]
    public async Task A_watcher_that_never_answers_gets_at_most_three_times_its_bytes_and_never_the_state()
    {
        await using var agent = await StartAsync();
        using var victim = new SipUdpWatcher(IPAddress.Parse("127.0.0.42"));

        victim.Send(victim.Subscribe("forged-1@udp", Room, "Expires: 600"), agent.EndPoint);
        Assert.Equal(200, Assert.IsType<SipResponse>(await victim.ReceiveAsync()).StatusCode);
        var probe = Assert.IsType<SipRequest>(await victim.ReceiveAsync());
        Assert.True(probe.Body.IsEmpty);

        // The probe times out (64·T1) and ends the subscription; its retransmissions stop at the budget.
        await WaitUntilAsync(() => agent.Subscriptions.Count == 0);
        await Task.Delay(200);

        victim.DrainQueued();
        Assert.InRange(victim.BytesReceived, 1, 3 * victim.BytesSent);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(HangGuard.Timeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
