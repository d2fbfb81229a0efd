using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>A server transaction (RFC 3261 §17.2): absorbs retransmitted requests and resends the last response.</summary>
internal abstract class ServerTransaction(TransactionLayer layer, SipRequest request, SipFlow flow, ServerTransactionKey key)
    : SipTransaction(layer, request.Method)
{
    private SipRequest? _request = request;

    /// <summary>
    /// The request, until the final response is out: a non-INVITE transaction then drops it, because Timer J keeps
    /// the transaction for 32 s and only its key and response bytes are needed to absorb retransmissions (at the
    /// benchmark rate that is ~700k transactions). <see cref="Core.IncomingRequest"/> keeps its own reference.
    /// </summary>
    public SipRequest Request => _request ?? throw new InvalidOperationException("The request was released after the final response.");

    /// <summary>The flow the request arrived on; responses go back by it (RFC 3261 §18.2.2).</summary>
    public SipFlow Flow { get; } = flow;

    public ServerTransactionKey Key { get; } = key;

    /// <summary>Set when the request had no To tag, for the merged-request check (RFC 3261 §8.2.2.2).</summary>
    public MergeKey? MergeKey { get; set; }

    /// <summary>Another ongoing transaction has this one's From tag, Call-ID and CSeq: a merged or looped request.</summary>
    public bool IsMerged { get; set; }

    public abstract bool HasFinalResponse { get; }

    /// <summary>
    /// The handler ran to its end on the receive loop and keeps no request (<see cref="Core.ISipRequestHandler.KeepsRequests"/>),
    /// so it holds nothing of this one afterwards.
    /// </summary>
    public bool HandledInline { get; set; }

    public abstract bool IsTerminated { get; }

    protected bool IsReliable => Flow.Protocol.IsReliable();

    /// <summary>
    /// Sends a response through the transaction. A second final response, or a provisional after the final, is a
    /// caller bug: <see cref="InvalidOperationException"/>. A transport failure ends the transaction (§17.2.4).
    /// </summary>
    public abstract ValueTask SendResponseAsync(SipResponse response);

    /// <summary>The same for a response written as bytes straight from the request.</summary>
    public abstract ValueTask SendResponseAsync(WrittenResponse response);

    /// <summary>The same request arrived again (§17.2.3 matched it).</summary>
    public abstract void OnRetransmission();

    protected override void OnTransportError()
    {
        TransactionLog.ServerTransportError(Layer.Logger, Method, Flow.RemoteEndPoint);
        Terminate();
    }

    /// <summary>The stack is stopping: drop the transaction and its timers.</summary>
    public void Abort() => Terminate();

    protected abstract void Terminate();

    protected void ReleaseRequest() => _request = null;

    protected static InvalidOperationException AlreadyAnswered(string method) =>
        new($"The {method} transaction already has its final response.");
}
