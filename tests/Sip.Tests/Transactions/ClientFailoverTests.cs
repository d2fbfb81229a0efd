using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>
/// RFC 3263 §4.3 in the transaction layer: moving from one target to the next within one Timer F. The next try starts
/// on the thread pool (xunit's context keeps a continuation from running inline), so each test waits for it to be sent.
/// </summary>
public sealed class ClientFailoverTests
{
    private readonly TransactionTestBed _bed = new();

    public ClientFailoverTests() => _bed.Transport.Targets = [FakeTransport.UdpTarget(5071), FakeTransport.UdpTarget(5072)];

    [Fact]
    public async Task A_503_moves_on_to_the_next_target_as_a_new_transaction()
    {
        var result = Send();
        var first = _bed.Transport.LastBranch!;
        _bed.Layer.OnRequestOrResponse(Build.Response(503, first));
        await TriesSentAsync(2);

        var second = _bed.Transport.LastBranch!;
        Assert.NotEqual(first, second);
        Assert.Equal([5071, 5072], _bed.Transport.Sent.Select(s => s.Outbound.Flow.RemoteEndPoint.Port));
        Assert.True(_bed.Logs.Has(2007));
        Assert.Contains("503", Assert.Single(_bed.Logs.Entries, e => e.EventId.Id == 2007).Message, StringComparison.Ordinal);

        var ok = Build.Response(200, second);
        _bed.Layer.OnRequestOrResponse(ok);
        Assert.Same(ok, (await result.WaitAsync(Timeouts.HangGuard)).Response);
    }

    [Fact]
    public async Task A_transport_error_moves_on_at_once()
    {
        _bed.Transport.Unreachable.Add(FakeTransport.UdpTarget(5071));

        var result = Send();

        Assert.Equal(2, _bed.Transport.Branches.Count);
        Assert.Equal([5072], _bed.Transport.Sent.Select(s => s.Outbound.Flow.RemoteEndPoint.Port));
        Assert.Contains("transport error", Assert.Single(_bed.Logs.Entries, e => e.EventId.Id == 2007).Message, StringComparison.Ordinal);
        _bed.Layer.OnRequestOrResponse(Build.Response(200, _bed.Transport.LastBranch!));
        Assert.Equal(200, (await result.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
    }

    [Fact]
    public async Task Each_of_two_targets_gets_half_of_timer_F_and_the_last_outcome_is_reported()
    {
        var result = Send();

        _bed.Time.AdvanceSeconds(15.9);
        Assert.Equal([5071], _bed.Transport.Sent.Select(s => s.Outbound.Flow.RemoteEndPoint.Port).Distinct());
        _bed.Time.AdvanceSeconds(0.1);
        await TriesRunningAsync(2);

        // The first target timed out at 16 s: no more retransmissions to it, the second has the 16 s left.
        var sentToFirst = _bed.Transport.Sent.Count(s => s.Outbound.Flow.RemoteEndPoint.Port == 5071);
        Assert.Contains(_bed.Transport.Sent, s => s.Outbound.Flow.RemoteEndPoint.Port == 5072);
        _bed.Time.AdvanceSeconds(15.9);
        Assert.False(result.IsCompleted);
        Assert.Equal(sentToFirst, _bed.Transport.Sent.Count(s => s.Outbound.Flow.RemoteEndPoint.Port == 5071));
        _bed.Time.AdvanceSeconds(0.1);

        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
        Assert.Equal(32, _bed.Time.Elapsed.TotalSeconds);
        Assert.Equal([TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(16)], _bed.Transport.SendTimeouts);
    }

    [Fact]
    public async Task A_long_list_gives_each_target_at_least_eight_T1()
    {
        _bed.Transport.Targets = Enumerable.Range(5071, 10).Select(p => FakeTransport.UdpTarget(p)).ToList();

        var result = Send();
        for (var tries = 1; tries <= 8; tries++)
        {
            await TriesRunningAsync(tries);
            _bed.Time.AdvanceSeconds(4);
        }

        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);

        // 64 T1 over 10 targets would be 3.2 s each; at least 4 s (8 T1) each leaves 8 tries, the last with what is left.
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(4), 8), _bed.Transport.SendTimeouts);
    }

    [Fact]
    public async Task A_final_response_other_than_503_ends_it_at_the_first_target()
    {
        var result = Send();
        _bed.Layer.OnRequestOrResponse(Build.Response(404, _bed.Transport.LastBranch!));

        Assert.Equal(404, (await result.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Single(_bed.Transport.Branches);
        Assert.False(_bed.Logs.Has(2007));
    }

    [Fact]
    public async Task When_every_target_fails_the_last_ones_outcome_is_reported()
    {
        var result = Send();
        _bed.Layer.OnRequestOrResponse(Build.Response(503, _bed.Transport.LastBranch!));
        await TriesSentAsync(2);
        var last = Build.Response(503, _bed.Transport.LastBranch!);
        _bed.Layer.OnRequestOrResponse(last);

        Assert.Same(last, (await result.WaitAsync(Timeouts.HangGuard)).Response);
        Assert.Equal(2, _bed.Transport.Branches.Distinct().Count());
    }

    [Fact]
    public async Task A_stopping_layer_does_not_move_on()
    {
        var result = Send();
        _bed.Layer.Stop();

        Assert.Equal(ClientTransactionOutcome.TransportError, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
        Assert.Single(_bed.Transport.Branches);
    }

    [Fact]
    public async Task A_request_sent_on_a_flow_does_not_fail_over()
    {
        var result = _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), FakeTransport.TcpFlow, false, CancellationToken.None);
        _bed.Layer.OnRequestOrResponse(Build.Response(503, _bed.Transport.LastBranch!));

        Assert.Equal(503, (await result.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Single(_bed.Transport.Branches);
    }

    [Fact]
    public async Task No_target_is_a_transport_error()
    {
        _bed.Transport.Targets = [];

        Assert.Equal(ClientTransactionOutcome.TransportError, (await Send().WaitAsync(Timeouts.HangGuard)).Outcome);
        Assert.Empty(_bed.Transport.Branches);
    }

    private Task TriesSentAsync(int count) => Wait.UntilAsync(() => _bed.Transport.Branches.Count == count, $"try {count}");

    /// <summary>
    /// Waits until <paramref name="count"/> tries went out and the last one's Timers E and F are the only timers, so
    /// moving virtual time reaches them (tries that timed out leave nothing behind).
    /// </summary>
    private Task TriesRunningAsync(int count) =>
        Wait.UntilAsync(() => _bed.Transport.Branches.Count == count && _bed.Layer.TransactionTimers.Pending == 2, $"try {count}");

    private Task<ClientTransactionResult> Send() =>
        _bed.Layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
}
