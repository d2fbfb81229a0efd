using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class NonInviteClientTransactionTests
{
    private readonly TransactionTestBed _bed = new();

    [Fact]
    public async Task Udp_retransmits_on_timer_E_doubling_to_T2_then_times_out_at_timer_F()
    {
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);

        _bed.Time.AdvanceSeconds(31.9);
        Assert.False(result.IsCompleted);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], _bed.Transport.SendTimesSeconds);

        _bed.Time.AdvanceSeconds(0.1);
        var outcome = await result.WaitAsync(Timeouts.HangGuard);
        Assert.Equal(ClientTransactionOutcome.Timeout, outcome.Outcome);
        Assert.Null(outcome.Response);
        Assert.Equal(32, _bed.Time.Elapsed.TotalSeconds);
        Assert.Equal(0, _bed.Layer.ClientCount);
        _bed.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void Every_retransmission_is_the_first_request_byte_for_byte()
    {
        _ = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        _bed.Time.AdvanceSeconds(10);

        var sent = _bed.Transport.Sent;
        Assert.True(sent.Count > 3);
        Assert.All(sent, s => Assert.Equal(sent[0].What, s.What));
    }

    [Fact]
    public async Task Tcp_sends_once_and_times_out_at_timer_F()
    {
        _bed.Transport.Targets = [FakeTransport.TcpTarget()];
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);

        _bed.Time.AdvanceSeconds(31.9);
        Assert.False(result.IsCompleted);
        _bed.Time.AdvanceSeconds(0.1);

        Assert.Equal([0.0], _bed.Transport.SendTimesSeconds);
        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
    }

    [Fact]
    public async Task Final_response_completes_and_stops_retransmissions()
    {
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        _bed.Time.AdvanceSeconds(1);
        var ok = Build.Response(200, _bed.Transport.LastBranch!);
        _bed.Layer.OnRequestOrResponse(ok);

        var outcome = await result.WaitAsync(Timeouts.HangGuard);
        Assert.Equal(ClientTransactionOutcome.Response, outcome.Outcome);
        Assert.Same(ok, outcome.Response);

        _bed.Time.AdvanceSeconds(60);
        Assert.Equal([0, 0.5], _bed.Transport.SendTimesSeconds);
    }

    [Fact]
    public async Task Udp_lingers_for_timer_K_absorbing_response_retransmissions()
    {
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        var branch = _bed.Transport.LastBranch!;
        _bed.Layer.OnRequestOrResponse(Build.Response(200, branch));
        await result.WaitAsync(Timeouts.HangGuard);

        _bed.Time.AdvanceSeconds(4.9);
        Assert.Equal(1, _bed.Layer.ClientCount);
        _bed.Layer.OnRequestOrResponse(Build.Response(200, branch));
        Assert.False(_bed.Logs.Has(2000));

        _bed.Time.AdvanceSeconds(0.1);
        Assert.Equal(0, _bed.Layer.ClientCount);
        _bed.Layer.OnRequestOrResponse(Build.Response(200, branch));
        Assert.True(_bed.Logs.Has(2000));
    }

    [Fact]
    public async Task Only_a_response_that_matches_our_transaction_proves_its_address_answered()
    {
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);

        // A forger who cannot see our branch cannot lift the anti-amplification budget of its victim.
        _bed.Layer.OnRequestOrResponse(Build.Response(200, "z9hG4bK-guessed"));
        Assert.Empty(_bed.Transport.Answered);

        _bed.Layer.OnRequestOrResponse(Build.Response(200, _bed.Transport.LastBranch!));
        await result.WaitAsync(Timeouts.HangGuard);
        Assert.Equal([FakeTransport.UdpFlow.RemoteEndPoint.Address], _bed.Transport.Answered);
    }

    [Fact]
    public async Task Tcp_has_no_timer_K()
    {
        _bed.Transport.Targets = [FakeTransport.TcpTarget()];
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        _bed.Layer.OnRequestOrResponse(Build.Response(200, _bed.Transport.LastBranch!));

        await result.WaitAsync(Timeouts.HangGuard);
        Assert.Equal(0, _bed.Layer.ClientCount);
    }

    [Fact]
    public async Task Provisional_response_switches_retransmissions_to_every_T2()
    {
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        _bed.Time.AdvanceSeconds(0.2);
        _bed.Layer.OnRequestOrResponse(Build.Response(100, _bed.Transport.LastBranch!));

        _bed.Time.AdvanceSeconds(13);

        // The E already armed fires at 0.5; from then on every T2 (§17.1.2.2).
        Assert.Equal([0, 0.5, 4.5, 8.5, 12.5], _bed.Transport.SendTimesSeconds);
        Assert.False(result.IsCompleted);
        _bed.Layer.OnRequestOrResponse(Build.Response(202, _bed.Transport.LastBranch!));
        Assert.Equal(202, (await result.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Send_failure_reports_a_transport_error()
    {
        _bed.Transport.FailSends = true;
        var outcome = await _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None).WaitAsync(Timeouts.HangGuard);

        Assert.Equal(ClientTransactionOutcome.TransportError, outcome.Outcome);
        Assert.Equal(0, _bed.Layer.ClientCount);
    }

    [Fact]
    public void Response_with_another_method_or_branch_matches_nothing()
    {
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        _bed.Layer.OnRequestOrResponse(Build.Response(200, _bed.Transport.LastBranch!, method: SipMethods.Subscribe));
        _bed.Layer.OnRequestOrResponse(Build.Response(200, "z9hG4bKsomeoneelse"));

        Assert.False(result.IsCompleted);
        Assert.Equal(2, _bed.Logs.Count(2000));
    }

    [Fact]
    public async Task Stop_ends_pending_transactions_with_a_transport_error()
    {
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        _bed.Layer.Stop();

        Assert.Equal(ClientTransactionOutcome.TransportError, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
    }
}
