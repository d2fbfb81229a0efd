using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Support;

/// <summary>
/// Records every request the notifier sends and leaves its transaction open until the test answers it, so a test
/// decides the order in which NOTIFYs finish.
/// </summary>
internal sealed class FakeRequestSender : IRequestSender
{
    public const string UdpContact = "<sip:presence@192.0.2.1:5060>";
    public const string TcpContact = "<sip:presence@192.0.2.1:5060;transport=tcp>";

    private readonly Lock _lock = new();
    private readonly List<SentRequest> _sent = [];
    private readonly List<(int Count, TaskCompletionSource<SentRequest> Waiter)> _waiters = [];

    /// <summary>When set and it returns an exception for a request, SendAsync throws it instead of sending.</summary>
    public Func<SipRequest, Exception?>? Fault { get; set; }

    public IReadOnlyList<SentRequest> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public void Send(DialogRequest notify, SipFlow? preferredFlow, IRequestCompletion completion)
    {
        var request = notify.ToSipRequest();
        if (Fault?.Invoke(request) is { } fault)
        {
            throw fault;
        }

        var sent = new SentRequest(request, preferredFlow);
        List<TaskCompletionSource<SentRequest>> ready = [];
        lock (_lock)
        {
            _sent.Add(sent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                // Checked on every send, so a waiter is released by exactly the request it waits for.
                if (_waiters[i].Count == _sent.Count)
                {
                    ready.Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var w in ready)
        {
            w.TrySetResult(sent);
        }

        sent.Result.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    completion.Completed(t.Result);
                }
                else
                {
                    completion.Faulted(t.Exception!.InnerException!);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Whether a NOTIFY fits the watcher's UDP budget; all do unless a test says otherwise.</summary>
    public Func<SipRequest, bool> FitsUdp { get; set; } = _ => true;

    public bool FitsUdpBudget(SipFlow flow, DialogRequest request) => FitsUdp(request.ToSipRequest());

    public string ContactFor(SipFlow? flow) => flow is null ? UdpContact : TcpContact;

    /// <summary>Whether nothing more is sent within a fifth of a second: that nothing else was due.</summary>
    public async Task<bool> IsQuietAsync()
    {
        var before = Sent.Count;
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        return Sent.Count == before;
    }

    /// <summary>The <paramref name="count"/>th request sent (1-based), once it has been sent.</summary>
    public Task<SentRequest> WaitForAsync(int count)
    {
        lock (_lock)
        {
            if (_sent.Count >= count)
            {
                return Task.FromResult(_sent[count - 1]);
            }

            var waiter = new TaskCompletionSource<SentRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            return waiter.Task;
        }
    }
}
