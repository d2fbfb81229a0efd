using System.Net;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>
/// The answer to a request of ours gives its receive buffer and its message object back only when its completion keeps
/// no responses; one handed to a task must read as received, however many datagrams follow it.
/// </summary>
public sealed class ResponseBufferReuseTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_is_released_only_when_its_completion_keeps_nothing(bool keeps)
    {
        await using var h = await StackHarness.StartAsync();
        using var watcher = new UdpPeer(new IPEndPoint(IPAddress.Loopback, 0));
        var completions = new List<Recorder>();
        for (var i = 0; i < 50; i++)
        {
            var dialog = await SubscribeAsync(h, watcher, i);
            var notify = dialog.NewRequest(SipMethods.Notify);
            notify.Set(HeaderKind.Event, "presence");
            notify.Set(HeaderKind.SubscriptionState, "active;expires=600");
            var completion = new Recorder(keeps);
            completions.Add(completion);
            h.Stack.SendDialogRequest(notify, dialog.SourceFlow, completion);
            var (bytes, _) = await watcher.ReceiveBytesAsync();
            var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(bytes, new SipLimits(), isDatagram: true).Message);
            watcher.Send(SipRequests.ResponseFor(request, 200, $"OK {i}"), h.Udp);
            await completion.Answered.Task.WaitAsync(Timeouts.HangGuard);
        }

        // Released answers are parsed into again: the receive thread's one response object serves them all.
        var answers = completions.Select(c => c.Answered.Task.Result).Distinct(ReferenceEqualityComparer.Instance).Count();
        Assert.Equal(keeps ? completions.Count : 1, answers);
        for (var i = 0; i < completions.Count; i++)
        {
            var response = await completions[i].Answered.Task;
            Assert.Equal(!keeps, response.BytesReleased);
            if (keeps)
            {
                // Kept: the reason phrase and the echoed Call-ID read as this answer's, not a later one's.
                Assert.Equal($"OK {i}", response.ReasonPhrase);
                Assert.Equal($"notify-{i}@peer", response.CallId);
            }
        }
    }

    private static async Task<Dialog> SubscribeAsync(StackHarness h, UdpPeer watcher, int i)
    {
        Assert.Equal(200, (await watcher.RequestAsync(SipRequests.Text("SUBSCRIBE", watcher.SentBy, callId: $"notify-{i}@peer",
            headers: ["Event: presence", $"Contact: <sip:watcher@{watcher.SentBy}>", "Subject: " + new string('p', 600)]), h.Udp)).StatusCode);
        Assert.True(Dialog.TryCreateUas(h.Handler.Calls.Last(), "pa1", 1, out var dialog, out var error), error);
        return dialog;
    }

    private sealed class Recorder(bool keeps) : IRequestCompletion
    {
        public TaskCompletionSource<SipResponse> Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool KeepsResponses => keeps;

        public void Completed(ClientTransactionResult result) => Answered.TrySetResult(result.Response!);

        public void Faulted(Exception exception) => Answered.TrySetException(exception);
    }
}
