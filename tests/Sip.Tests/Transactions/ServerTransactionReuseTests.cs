using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>
/// A server transaction handled inline and done goes back to the layer's free list and serves a later request: what
/// the first request left behind (its Timer J entry, its merge key) stays its own, and a reference taken to the object
/// during its first use cannot act on the second.
/// </summary>
public sealed class ServerTransactionReuseTests
{
    private readonly TransactionTestBed _bed = new() { HandleInline = true };

    [Fact]
    public void A_retransmission_after_its_transaction_object_was_reused_gets_its_own_final_response()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKfirst", callId: "first@test"));
        _bed.AnswerWith = 404;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKsecond", callId: "second@test"));
        Assert.Same(_bed.Requests[0], _bed.Requests[1]);

        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKfirst", callId: "first@test"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKsecond", callId: "second@test"));

        Assert.Equal(2, _bed.Requests.Count);
        Assert.Equal(["200", "404", "200", "404"], _bed.Transport.Sent.Select(s => s.What));
        Assert.Equal([false, false, true, true], _bed.Transport.Sent.Select(s => s.IsResend));
    }

    [Fact]
    public async Task A_stale_reference_cannot_act_on_the_reused_transaction()
    {
        var first = Build.Request(SipMethods.Subscribe, branch: "z9hG4bKfirst", callId: "first@test");
        byte[]? buffer = null;
        Assert.True(TransactionKeys.TryServer(first, SipMethods.Subscribe, ref buffer, out var firstKey));
        _bed.Layer.OnRequestOrResponse(first);
        var stale = _bed.Requests[0];

        _bed.AnswerWith = null;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKsecond", callId: "second@test", fromTag: "from2"));
        Assert.Same(stale, _bed.Requests[1]);
        var second = _bed.Requests[1];
        await second.SendResponseAsync(SipResponseFactory.Create(second.Request, 100));

        // A receive loop that found the object under the first request's key acts now: the second transaction neither
        // resends its provisional for it nor is taken for the first's; the first is answered from its Timer J entry.
        Assert.False(stale.OnRetransmission(firstKey));
        Assert.False(stale.IsOngoing(firstKey));
        Assert.Equal(["200", "100"], _bed.Transport.Sent.Select(s => s.What));

        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKfirst", callId: "first@test"));
        Assert.Equal(["200", "100", "200"], _bed.Transport.Sent.Select(s => s.What));
        Assert.Equal(2, _bed.Requests.Count);
    }

    [Fact]
    public void A_copy_merged_with_a_request_whose_transaction_object_was_reused_is_still_merged()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath1"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKother", callId: "other@test"));
        var merged = new List<bool>();
        _bed.OnEach = t => merged.Add(t.IsMerged);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath2"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKpath3", callId: "third@test"));

        Assert.Equal([true, false], merged);
    }

    [Fact]
    public void Only_a_transaction_handled_inline_is_reused()
    {
        _bed.HandleInline = false;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKfirst", callId: "first@test"));
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Subscribe, branch: "z9hG4bKsecond", callId: "second@test"));

        Assert.NotSame(_bed.Requests[0], _bed.Requests[1]);
    }
}
