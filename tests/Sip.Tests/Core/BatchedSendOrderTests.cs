using System.Net;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>
/// What the UDP receive thread sends while it handles a request waits in its batch until the handling is done; a send
/// from another thread meanwhile must not overtake it: a watcher gets its SUBSCRIBE's 200 before the NOTIFY.
/// </summary>
public sealed class BatchedSendOrderTests
{
    [Fact]
    public async Task A_notify_sent_from_another_thread_while_the_200_waits_in_the_batch_follows_the_200()
    {
        await using var h = await StackHarness.StartAsync();
        using var watcher = new UdpPeer(new IPEndPoint(IPAddress.Loopback, 0));
        h.Handler.Behavior = r =>
        {
            Assert.True(r.RespondAsync(r.CreateResponse(200)).IsCompletedSuccessfully);
            Assert.True(Dialog.TryCreateUas(r, "pa1", 1, out var dialog, out var error), error);
            var notify = dialog.NewRequest(SipMethods.Notify);
            notify.Set(HeaderKind.Event, "presence");
            notify.Set(HeaderKind.SubscriptionState, "active;expires=600");

            // Sent from another thread while this handler, on the receive thread, still runs: its batch is not flushed yet.
            Assert.True(Task.Run(() => h.Stack.SendDialogRequest(notify, dialog.SourceFlow, new Ignored())).Wait(Timeouts.HangGuard));
            return ValueTask.CompletedTask;
        };

        watcher.Send(SipRequests.Text("SUBSCRIBE", watcher.SentBy, headers: ["Event: presence", $"Contact: <sip:watcher@{watcher.SentBy}>"]), h.Udp);

        Assert.IsType<SipResponse>(await watcher.ReceiveAsync());
        Assert.Equal(SipMethods.Notify, Assert.IsType<SipRequest>(await watcher.ReceiveAsync()).Method);
    }

    private sealed class Ignored : IRequestCompletion
    {
        public void Completed(ClientTransactionResult result)
        {
        }

        public void Faulted(Exception exception)
        {
        }
    }
}
