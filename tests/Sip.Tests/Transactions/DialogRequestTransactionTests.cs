using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>Requests within a dialog through the transaction layer: pre-written over UDP, as messages otherwise.</summary>
public sealed class DialogRequestTransactionTests
{
    private readonly TransactionTestBed _bed = new();

    private Task<ClientTransactionResult> Send(DialogRequest request)
    {
        var result = new ResultSource();
        _bed.Layer.SendDialogRequest(request, null, toSourceOnly: false, result);
        return result.Task;
    }

    private static DialogRequest Notify(params string[] recordRoutes)
    {
        var subscribe = Build.Request(SipMethods.Subscribe);
        subscribe.Headers.Add(HeaderKind.Contact, "<sip:bob@127.0.0.1:5070>");
        foreach (var route in recordRoutes)
        {
            subscribe.Headers.Add(HeaderKind.RecordRoute, route);
        }

        Assert.True(Dialog.TryCreateUas(subscribe, "pa1", 1, out var dialog, out var error), error);
        var notify = dialog.NewRequest(SipMethods.Notify);
        notify.Set(HeaderKind.Event, "presence");
        notify.Set(HeaderKind.SubscriptionState, "active;expires=600");
        notify.Set(HeaderKind.ContentType, "application/pidf+xml");
        notify.Body = "<presence/>"u8.ToArray();
        return notify;
    }

    [Fact]
    public void Over_udp_it_goes_as_written_and_every_retransmission_is_those_bytes_again()
    {
        _ = Send(Notify());
        _bed.Time.AdvanceSeconds(10);

        var sent = _bed.Transport.Sent;
        Assert.True(sent.Count > 3);
        Assert.StartsWith($"NOTIFY sip:bob@127.0.0.1:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch={_bed.Transport.LastBranch};rport\r\n", sent[0].What, StringComparison.Ordinal);
        Assert.EndsWith("\r\nCSeq: 2 NOTIFY\r\nMax-Forwards: 70\r\nEvent: presence\r\nSubscription-State: active;expires=600\r\nContent-Type: application/pidf+xml\r\nContent-Length: 11\r\n\r\n<presence/>", sent[0].What, StringComparison.Ordinal);
        Assert.All(sent.Skip(1), s => Assert.True(s.IsResend));
        Assert.All(sent, s => Assert.Equal(sent[0].What, s.What));
    }

    [Fact]
    public async Task Its_final_response_ends_it_stops_retransmissions_and_timer_k_lets_it_go()
    {
        var result = Send(Notify());
        _bed.Time.AdvanceSeconds(1);
        var ok = Build.Response(200, _bed.Transport.LastBranch!);
        _bed.Layer.OnRequestOrResponse(ok);

        Assert.Same(ok, (await result.WaitAsync(Timeouts.HangGuard)).Response);
        _bed.Time.AdvanceSeconds(60);
        Assert.Equal([0, 0.5], _bed.Transport.SendTimesSeconds);
        Assert.Equal(0, _bed.Layer.ClientCount);
        _bed.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Answered_within_T1_it_leaves_no_timer_queued()
    {
        var result = Send(Notify());

        // Timer E only: Timer F is queued when Timer E first fires.
        Assert.Equal(1, _bed.Layer.TransactionTimers.Pending);
        _bed.Time.AdvanceSeconds(0.3);
        _bed.Layer.OnRequestOrResponse(Build.Response(200, _bed.Transport.LastBranch!));

        // What is left is the sweep of the Timer K table, which the answer started.
        Assert.Equal(ClientTransactionOutcome.Response, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
        Assert.Equal(1, _bed.Layer.TransactionTimers.Pending);
        Assert.Equal(1, _bed.Layer.ClientCount);
    }

    [Fact]
    public async Task Unanswered_it_times_out_64_T1_after_the_send_and_not_before()
    {
        var result = Send(Notify());
        _bed.Time.AdvanceSeconds(31.9);
        Assert.False(result.IsCompleted);
        Assert.Equal(2, _bed.Layer.TransactionTimers.Pending);

        _bed.Time.AdvanceSeconds(0.1);
        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
    }

    [Fact]
    public async Task Unanswered_it_times_out_at_timer_f_with_no_timer_left()
    {
        var result = Send(Notify());
        _bed.Time.AdvanceSeconds(32);

        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
        Assert.Equal(0, _bed.Layer.ClientCount);
        Assert.Equal(0, _bed.Layer.TransactionTimers.Pending);
    }

    [Fact]
    public void One_that_does_not_fit_udp_goes_as_a_message()
    {
        _bed.Transport.PrewrittenUdp = false;
        _ = Send(Notify());

        Assert.Equal($"NOTIFY {_bed.Transport.LastBranch}", Assert.Single(_bed.Transport.Sent).What);
    }

    [Fact]
    public void One_with_a_route_set_goes_as_a_message()
    {
        _ = Send(Notify("<sip:proxy.example.com;lr>"));

        Assert.Equal($"NOTIFY {_bed.Transport.LastBranch}", Assert.Single(_bed.Transport.Sent).What);
    }

    [Fact]
    public async Task A_failed_send_is_a_transport_error()
    {
        _bed.Transport.FailSends = true;

        var result = await Send(Notify()).WaitAsync(Timeouts.HangGuard);

        Assert.Equal(ClientTransactionOutcome.TransportError, result.Outcome);
        Assert.Equal(0, _bed.Layer.ClientCount);
    }
}
