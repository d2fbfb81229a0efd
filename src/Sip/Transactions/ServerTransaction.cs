using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// A server transaction (RFC 3261 §17.2): absorbs retransmitted requests and resends the last response. The object is
/// reused for a later request once the layer knows nothing holds it (<see cref="TransactionLayer"/> pools those answered
/// inline); <see cref="SipTransaction.Generation"/> tells its uses apart.
/// </summary>
internal abstract class ServerTransaction(TransactionLayer layer) : SipTransaction(layer, "")
{
    private SipRequest? _request;
    private byte[]? _keyBytes;
    private byte[]? _mergeBytes;

    /// <summary>
    /// The request, until the final response is out: a non-INVITE transaction then drops it, because Timer J keeps
    /// the transaction for 32 s and only its key and response bytes are needed to absorb retransmissions (at the
    /// benchmark rate that is ~700k transactions). <see cref="Core.IncomingRequest"/> keeps its own reference.
    /// </summary>
    public SipRequest Request => _request ?? throw new InvalidOperationException("The request was released after the final response.");

    /// <summary>The flow the request arrived on; responses go back by it (RFC 3261 §18.2.2).</summary>
    public SipFlow Flow { get; private set; }

    /// <summary>RFC 3261 §17.2.3, as bytes in an array this object owns (<see cref="TransactionKeys.TryServer(SipRequest, string, out TransactionKey)"/>).</summary>
    public TransactionKey Key { get; private set; }

    /// <summary>
    /// Set when the request had no To tag and the layer registered it for the merged-request check (RFC 3261 §8.2.2.2),
    /// over this object's own array: the key it waits out Timer J under too.
    /// </summary>
    public TransactionKey? MergeKey { get; set; }

    /// <summary>Another ongoing transaction has this one's From tag, Call-ID and CSeq: a merged or looped request.</summary>
    public bool IsMerged { get; set; }

    public abstract bool HasFinalResponse { get; }

    /// <summary>
    /// The handler ran to its end on the receive loop and keeps no request (<see cref="Core.ISipRequestHandler.KeepsRequests"/>),
    /// so it holds nothing of this one afterwards.
    /// </summary>
    public bool HandledInline { get; set; }

    public abstract bool IsTerminated { get; }

    /// <summary>Whether this object is still the transaction of <paramref name="key"/>, and not terminated (a CANCEL's target).</summary>
    public abstract bool IsOngoing(in TransactionKey key);

    /// <summary>The transaction is over and has let go of the layer's tables: with <see cref="HandledInline"/>, the object may be reused.</summary>
    public abstract bool IsDone { get; }

    /// <summary>The transaction user's object for this request, kept with this one for its next use (reset then by the user).</summary>
    public ITransactionAttachment? Attachment { get; set; }

    protected bool IsReliable => Flow.Protocol.IsReliable();

    /// <summary>Makes this object the transaction of <paramref name="request"/>: a new use, its key copied into its own array.</summary>
    public void Begin(SipRequest request, SipFlow flow, in TransactionKey key)
    {
        lock (Sync)
        {
            Generation++;
            Method = request.Method;
            _request = request;
            Flow = flow;
            Key = key.CopyTo(ref _keyBytes);
            MergeKey = null;
            IsMerged = false;
            HandledInline = false;
            OnBegin();
        }
    }

    /// <summary><paramref name="key"/>, the request's merge key as the layer read it, copied into this object's own array.</summary>
    public TransactionKey OwnMergeKey(in TransactionKey key) => key.CopyTo(ref _mergeBytes);

    /// <summary>Lets go of everything of the last use before the object waits in the pool.</summary>
    public void Clear()
    {
        // No lock: the layer clears only a done transaction, out of its maps; what may still hold it from an earlier
        // lookup (OnRetransmission, IsOngoing) returns on IsDone before reading anything cleared here, and the free
        // list's lock hands these writes to the next Begin, which takes the lock.
        Generation++;
        _request = null;
        Flow = default;
        MergeKey = null;
        OnClear();
        Attachment?.Clear();
    }

    /// <summary>
    /// Sends a response through the transaction. A second final response, or a provisional after the final, is a
    /// caller bug: <see cref="InvalidOperationException"/>. A transport failure ends the transaction (§17.2.4).
    /// </summary>
    public abstract ValueTask SendResponseAsync(SipResponse response);

    /// <summary>The same for a response written as bytes straight from the request.</summary>
    public abstract ValueTask SendResponseAsync(WrittenResponse response);

    /// <summary>
    /// The request with <paramref name="key"/> arrived again (§17.2.3 matched it). False when this object is no longer
    /// that transaction (it ended and was reused since it was looked up): the caller looks again.
    /// </summary>
    public abstract bool OnRetransmission(in TransactionKey key);

    protected override void OnTransportError(int generation)
    {
        lock (Sync)
        {
            if (generation != Generation)
            {
                return;
            }
        }

        TransactionLog.ServerTransportError(Layer.Logger, Method, Flow.RemoteEndPoint);
        Terminate(generation);
    }

    /// <summary>The stack is stopping: drop the transaction and its timers.</summary>
    public void Abort()
    {
        int generation;
        lock (Sync)
        {
            generation = Generation;
        }

        Terminate(generation);
    }

    /// <summary>Resets the state of the derived machine for a new use; called under the lock.</summary>
    protected abstract void OnBegin();

    /// <summary>Drops what the derived machine kept of the last use; called once the transaction is done (see <see cref="Clear"/>).</summary>
    protected abstract void OnClear();

    /// <summary>Ends use <paramref name="generation"/>, if it is still the current one.</summary>
    protected abstract void Terminate(int generation);

    protected void ReleaseRequest() => _request = null;

    protected static InvalidOperationException AlreadyAnswered(string method) =>
        new($"The {method} transaction already has its final response.");
}
