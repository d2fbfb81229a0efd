using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>
/// A request within a dialog that only its completion waits for: its client transaction object goes back to the
/// layer's free list when it ends and serves the next request, and nothing meant for the earlier request (a late
/// response, its timers) reaches the later one.
/// </summary>
public sealed class ClientTransactionReuseTests
{
    private readonly TransactionTestBed _bed = new();

    private Completion Send()
    {
        var subscribe = Build.Request(SipMethods.Subscribe);
        subscribe.Headers.Add(HeaderKind.Contact, "<sip:bob@127.0.0.1:5070>");
        Assert.True(Dialog.TryCreateUas(subscribe, "pa1", 1, out var dialog, out var error), error);
        var notify = dialog.NewRequest(SipMethods.Notify);
        notify.Set(HeaderKind.Event, "presence");
        var completion = new Completion();
        _bed.Layer.SendDialogRequest(notify, null, toSourceOnly: false, completion);
        return completion;
    }

    [Fact]
    public void A_late_response_to_a_request_whose_transaction_object_was_reused_is_absorbed()
    {
        var first = Send();
        var firstBranch = _bed.Transport.LastBranch!;
        _bed.Layer.OnRequestOrResponse(Build.Response(200, firstBranch));
        Assert.Equal(1, _bed.Layer.FreeClientCount);

        var second = Send();
        var secondBranch = _bed.Transport.LastBranch!;
        Assert.Equal(0, _bed.Layer.FreeClientCount);
        _bed.Layer.OnRequestOrResponse(Build.Response(500, firstBranch));
        Assert.Empty(second.Results);

        _bed.Time.AdvanceSeconds(0.5);
        var ok = Build.Response(200, secondBranch);
        _bed.Layer.OnRequestOrResponse(ok);

        Assert.Equal([200], first.Results.Select(r => r.Response!.StatusCode));
        Assert.Same(ok, Assert.Single(second.Results).Response);
        Assert.Equal([0, 0, 0.5], _bed.Transport.SendTimesSeconds);
        Assert.Equal(0, _bed.Logs.Count(2000));
    }

    [Fact]
    public void The_timers_of_the_earlier_request_never_reach_the_later_one()
    {
        var first = Send();
        _bed.Time.AdvanceSeconds(0.2);
        _bed.Layer.OnRequestOrResponse(Build.Response(200, _bed.Transport.LastBranch!));
        var second = Send();

        // The first's Timer E would have come at 0.5 s and its Timer F at 32 s; the second's come at 0.7 s and 32.2 s.
        _bed.Time.AdvanceSeconds(0.4);
        Assert.Equal([0, 0.2], _bed.Transport.SendTimesSeconds);
        _bed.Time.AdvanceSeconds(31.5);
        Assert.Empty(second.Results);
        _bed.Time.AdvanceSeconds(0.1);

        Assert.Single(first.Results);
        Assert.Equal(ClientTransactionOutcome.Timeout, Assert.Single(second.Results).Outcome);
        Assert.Equal(0, _bed.Layer.TransactionTimers.Pending);
    }

    [Fact]
    public void A_request_awaited_as_a_task_keeps_its_own_object()
    {
        var request = Build.Request(SipMethods.Notify);
        var sent = _bed.Layer.SendRequestAsync(request, null, toSourceOnly: false, CancellationToken.None);
        _bed.Layer.OnRequestOrResponse(Build.Response(200, _bed.Transport.LastBranch!));

        Assert.True(sent.IsCompletedSuccessfully);
        Assert.Equal(0, _bed.Layer.FreeClientCount);
    }

    private sealed class Completion : IRequestCompletion
    {
        public List<ClientTransactionResult> Results { get; } = [];

        public void Completed(ClientTransactionResult result) => Results.Add(result);

        public void Faulted(Exception exception) => throw exception;
    }
}
