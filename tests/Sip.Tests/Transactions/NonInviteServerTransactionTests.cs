using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class NonInviteServerTransactionTests
{
    private readonly TransactionTestBed _bed = new();

    [Fact]
    public void Retransmission_in_completed_resends_the_final_response_and_reaches_the_user_once()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        _bed.Time.AdvanceSeconds(0.5);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));

        Assert.Single(_bed.Requests);
        var sent = _bed.Transport.Sent;
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.Equal("200", s.What));
        Assert.Equal([false, true, true], sent.Select(s => s.IsResend));
    }

    [Fact]
    public void Retransmission_in_trying_is_absorbed_silently()
    {
        _bed.AnswerWith = null;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));

        Assert.Single(_bed.Requests);
        Assert.Empty(_bed.Transport.Sent);
    }

    [Fact]
    public async Task Retransmission_in_proceeding_resends_the_last_provisional()
    {
        _bed.AnswerWith = null;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        var transaction = _bed.Requests[0];
        await transaction.SendResponseAsync(SipResponseFactory.Create(transaction.Request, 100));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));

        Assert.Equal(["100", "100"], _bed.Transport.Sent.Select(s => s.What));
    }

    [Fact]
    public void Timer_J_ends_the_transaction_after_64_T1_on_udp()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        _bed.Time.AdvanceSeconds(31.9);
        Assert.Equal(1, _bed.Layer.ServerCount);

        _bed.Time.AdvanceSeconds(0.1);
        Assert.Equal(0, _bed.Layer.ServerCount);
        Assert.Equal(0, _bed.Layer.TransactionTimers.Pending);

        // After Timer J the same request is new again.
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        Assert.Equal(2, _bed.Requests.Count);
    }

    [Fact]
    public void Timer_J_is_zero_on_tcp()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, via: "SIP/2.0/TCP 127.0.0.1:40000"), FakeTransport.TcpFlow);

        Assert.Single(_bed.Requests);
        Assert.Equal(0, _bed.Layer.ServerCount);
    }

    [Theory]
    [InlineData(TransportProtocol.Tcp)]
    [InlineData(TransportProtocol.Tls)]
    public void Over_a_reliable_transport_the_same_branch_after_the_final_response_is_a_new_request(TransportProtocol protocol)
    {
        var flow = FakeTransport.TcpFlow with { Protocol = protocol };
        var via = $"SIP/2.0/{protocol.ViaToken()} 127.0.0.1:40000";

        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, via: via), flow);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, via: via), flow);

        // RFC 3261 §17.2.2: Timer J is zero on TCP and TLS, so nothing answers the second copy from a completed store.
        Assert.Equal(2, _bed.Requests.Count);
        Assert.Equal([false, false], _bed.Transport.Sent.Select(s => s.IsResend));
        Assert.Equal(0, _bed.Layer.ServerCount);
    }

    [Fact]
    public void Over_udp_the_same_branch_after_the_final_response_is_absorbed()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));

        Assert.Single(_bed.Requests);
        Assert.Equal([false, true], _bed.Transport.Sent.Select(s => s.IsResend));
        Assert.Equal(1, _bed.Layer.ServerCount);
    }

    [Fact]
    public async Task A_second_final_response_is_a_caller_error()
    {
        _bed.AnswerWith = null;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        var transaction = _bed.Requests[0];
        var first = SipResponseFactory.Create(transaction.Request, 200);
        var second = SipResponseFactory.Create(transaction.Request, 500);

        await transaction.SendResponseAsync(first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.SendResponseAsync(second).AsTask());
    }

    [Fact]
    public void Same_branch_with_another_method_or_sent_by_is_another_transaction()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Options, cseq: 2));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, via: "SIP/2.0/UDP 192.0.2.9:5070", cseq: 3));

        Assert.Equal(3, _bed.Requests.Count);
    }

    [Fact]
    public void Rfc2543_request_without_magic_cookie_matches_on_the_fallback_fields()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "old-style-1"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "old-style-1"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "old-style-1", cseq: 2));

        Assert.Equal(2, _bed.Requests.Count);
        Assert.True(_bed.Transport.Sent[1].IsResend);
    }

    [Fact]
    public void Merged_request_is_flagged_while_the_first_is_ongoing()
    {
        _bed.AnswerWith = null;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath1"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath2"));

        Assert.Equal(2, _bed.Requests.Count);
        Assert.False(_bed.Requests[0].IsMerged);
        Assert.True(_bed.Requests[1].IsMerged);
    }

    [Fact]
    public void Merged_request_is_flagged_while_the_first_waits_out_timer_J_and_not_after()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath1"));
        _bed.Time.AdvanceSeconds(31);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath2"));
        _bed.Time.AdvanceSeconds(1);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath3"));

        Assert.Equal([false, true, false], _bed.Requests.Select(r => r.IsMerged));
    }

    [Fact]
    public async Task In_timer_J_a_request_and_its_merged_copy_each_get_their_own_response_again()
    {
        _bed.AnswerWith = null;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath1"));
        await _bed.Requests[0].SendResponseAsync(SipResponseFactory.Create(_bed.Requests[0].Request, 200));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath2"));
        await _bed.Requests[1].SendResponseAsync(SipResponseFactory.Create(_bed.Requests[1].Request, 482));

        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath2"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath1"));

        Assert.Equal(2, _bed.Requests.Count);
        Assert.Equal(["200", "482", "482", "200"], _bed.Transport.Sent.Select(s => s.What));
        Assert.Equal([false, false, true, true], _bed.Transport.Sent.Select(s => s.IsResend));
    }

    [Fact]
    public void Request_with_a_to_tag_is_never_merged()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath1", toTag: "t"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath2", toTag: "t"));

        Assert.All(_bed.Requests, r => Assert.False(r.IsMerged));
    }

    [Fact]
    public void Ack_never_matches_a_non_invite_transaction()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Ack));

        Assert.Single(_bed.Requests);
        Assert.Single(_bed.Transport.Sent);
        Assert.True(_bed.Logs.Has(2001));
    }

    [Fact]
    public void Cancel_finds_its_target_by_branch_and_sent_by()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        var cancel = Build.Request(SipMethods.Cancel);

        Assert.True(_bed.Layer.MatchesCancelTarget(cancel, [SipMethods.Invite, SipMethods.Subscribe]));
        Assert.False(_bed.Layer.MatchesCancelTarget(Build.Request(SipMethods.Cancel, branch: "z9hG4bKother"), [SipMethods.Subscribe]));
    }

    [Fact]
    public void Cancel_finds_its_target_in_timer_J_with_a_to_tag_and_without()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKinitial"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKrefresh", toTag: "t"));

        Assert.Equal(2, _bed.Layer.ServerCount);
        Assert.True(_bed.Layer.MatchesCancelTarget(Build.Request(SipMethods.Cancel, branch: "z9hG4bKinitial"), [SipMethods.Subscribe]));
        Assert.True(_bed.Layer.MatchesCancelTarget(Build.Request(SipMethods.Cancel, branch: "z9hG4bKrefresh", toTag: "t"), [SipMethods.Subscribe]));
        Assert.False(_bed.Layer.MatchesCancelTarget(Build.Request(SipMethods.Cancel, branch: "z9hG4bKinitial"), [SipMethods.Notify]));
    }

    [Fact]
    public async Task Request_is_released_once_the_final_response_is_out()
    {
        _bed.AnswerWith = null;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        var transaction = _bed.Requests[0];

        await transaction.SendResponseAsync(SipResponseFactory.Create(transaction.Request, 200));

        Assert.Throws<InvalidOperationException>(() => transaction.Request);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        Assert.Equal(2, _bed.Transport.Sent.Count);
    }

    [Fact]
    public void Stop_drops_server_transactions_and_their_timers()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe));
        Assert.Equal(1, _bed.Layer.ServerCount);
        Assert.NotEqual(0, _bed.Layer.TransactionTimers.Pending);

        _bed.Layer.Stop();

        Assert.Equal(0, _bed.Layer.ServerCount);
        Assert.Equal(0, _bed.Layer.TransactionTimers.Pending);
    }
}
