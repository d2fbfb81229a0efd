using Microsoft.Extensions.Logging;
using PresenceAgent.Directory;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// Faults of our own behind a real stack: a request sender that throws on one watcher's NOTIFY, an expiry handler
/// that throws on another's expiry. Each is one Error; the agent still answers and still expires the rest (an
/// exception escaping the expiry timer would have ended the test process).
/// </summary>
public sealed class FaultToleranceTests
{
    [Fact]
    public async Task A_throwing_sender_and_a_throwing_expiry_handler_leave_the_agent_serving_and_expiring()
    {
        await using var agent = await LoopbackAgent.StartAsync([new ServiceOptions { Name = "Town Hall", Aliases = ["townhall@vc.test"] }], ["vc.test"],
            new SubscriptionOptions { MinExpires = 1 });
        agent.Notifies.Fault = r => r.CallId == "bad-send@faults" ? new InvalidOperationException("a bug in the sender") : null;
        agent.Subscriptions.Expired += s =>
        {
            if (s.Dialog.CallId == "bad-expiry@faults")
            {
                throw new InvalidOperationException("a bug in an expiry handler");
            }
        };
        await using var watcher = await agent.ConnectAsync();

        var codes = await watcher.ExchangeAsync(
            [.. new[] { "bad-send", "bad-expiry", "good-1", "good-2" }.Select(id => SubscribeRequests.Text(callId: $"{id}@faults", uri: "sip:townhall@vc.test",
                extraHeaders: "Expires: 1"))]);

        Assert.Equal([200, 200, 200, 200], codes);
        using var timeout = new CancellationTokenSource(HangGuard.Timeout);
        while (agent.Subscriptions.Count > 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.Equal(200, Assert.Single(await watcher.ExchangeAsync([SubscribeRequests.Text(callId: "after@faults", uri: "sip:townhall@vc.test")])));
        var errors = agent.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.EventId.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["ExpiryFailed", "NotifyFailed"], errors);
    }
}
