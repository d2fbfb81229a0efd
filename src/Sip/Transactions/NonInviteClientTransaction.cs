using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.1.2 (Figure 6), for our NOTIFYs: Trying → Proceeding → Completed → Terminated. Over UDP the request
/// is resent on Timer E (T1 doubling to T2; every T2 once a provisional came); Timer F (64·T1, or this target's
/// share of it when the layer fails over between targets) ends it with a timeout on any transport, counted from before
/// the first send, so a connect or a write held up by a slow peer counts against it; Timer K (T4 on UDP, zero on TCP)
/// absorbs response retransmissions, which the layer does with a compact entry once this object is done.
/// </summary>
/// <remarks>
/// One that tells an <see cref="IRequestCompletion"/> (no task awaits it) goes back to the layer's free list once it is
/// terminated and no resend reads it, and serves a later request. Its timers carry the <see cref="SipTransaction.Generation"/>
/// they were started in, and a response must name its current branch, so nothing meant for an earlier use acts on it.
/// </remarks>
internal sealed class NonInviteClientTransaction(TransactionLayer layer) : SipTransaction(layer, "")
{
    // Told the result always outside the lock, so it may go on at once on the thread that ended the transaction.
    private IRequestCompletion? _completion;

    private State _state;
    private OutboundMessage _request;
    private bool _started;
    private TimeSpan _timeout;
    private TimeSpan _intervalE;
    private TransactionTimer? _timerE;
    private TransactionTimer? _timerF;
    private bool _absorbResponses;
    private bool _reusable;
    private bool _timerFAfterE;

    // The head is the pool's (a request within a dialog over UDP): given back once the transaction is over and no
    // retransmission is reading it, so no resend ever sends bytes another request wrote since.
    private bool _pooledHead;
    private int _resending;

    private enum State
    {
        Trying,
        Proceeding,
        Completed,
        Terminated,
    }

    public ClientBranch Branch { get; private set; }

    /// <summary>Where the request goes; named when it times out.</summary>
    public IPEndPoint Remote { get; private set; } = null!;

    /// <summary>The result as a task, for a transaction begun with a <see cref="ResultSource"/>.</summary>
    public Task<ClientTransactionResult> Result => ((ResultSource)_completion!).Task;

    /// <summary>
    /// Makes this object the transaction of a new request, whose Timer F is <paramref name="timeout"/>. With
    /// <paramref name="reusable"/> (nothing but its <paramref name="completion"/> waits for it) it goes back to the layer's
    /// free list when done. With <paramref name="timerFAfterFirstE"/> (a request that goes by UDP at once) Timer F is
    /// queued only when Timer E first fires, for what is left of it: most requests are answered within T1, and a Timer F
    /// entry for each would wait out its 32 s in the timer queue. Otherwise <see cref="Arm"/> starts it.
    /// </summary>
    public void Begin(string method, ClientBranch branch, IPEndPoint remote, IRequestCompletion completion, bool reusable, TimeSpan timeout,
        bool timerFAfterFirstE)
    {
        lock (Sync)
        {
            Generation++;
            Method = method;
            Branch = branch;
            Remote = remote;
            _completion = completion;
            _reusable = reusable;
            _state = State.Trying;
            _request = default;
            _started = false;
            _timerE = null;
            _timerF = null;
            _absorbResponses = false;
            _timeout = timeout;
            _timerFAfterE = timerFAfterFirstE && timeout > Timers.T1;
            _pooledHead = false;
            _resending = 0;
        }
    }

    /// <summary>Whether Timer F waits for the first Timer E rather than <see cref="Arm"/>.</summary>
    public bool TimerFAfterFirstE => _timerFAfterE;

    /// <summary>
    /// Starts Timer F, before the request is sent; after the layer registered the transaction, so that Timer F ending it
    /// also takes it out of the layer's map.
    /// </summary>
    public void Arm()
    {
        lock (Sync)
        {
            StartTimerF(_timeout);
        }
    }

    /// <summary>
    /// The request went out once: Timer E starts over UDP. A response may already have arrived meanwhile, or Timer F
    /// ended the transaction while the send was held up. With <paramref name="pooledHead"/> its head is an array from
    /// <see cref="ArrayPool{T}.Shared"/>, returned when the transaction ends.
    /// </summary>
    public void Start(OutboundMessage request, bool pooledHead = false)
    {
        Ending? ending = null;
        lock (Sync)
        {
            _request = request;
            _pooledHead = pooledHead;
            _started = true;
            switch (_state)
            {
                case State.Trying or State.Proceeding:
                    if (!request.Flow.Protocol.IsReliable())
                    {
                        _intervalE = Timers.T1;
                        StartTimerE();
                    }
                    else if (_timerFAfterE)
                    {
                        // No Timer E on a reliable transport to bring Timer F along.
                        _timerFAfterE = false;
                        StartTimerF(_timeout);
                    }

                    break;
                case State.Completed:
                    _absorbResponses = !request.Flow.Protocol.IsReliable();
                    ending = TerminateLocked();
                    break;
            }
        }

        if (ending is { } end)
        {
            LeaveLayer(end);
            Release(end);
        }
    }

    /// <summary>
    /// A response whose branch matched in the layer's map (§17.1.3). False when this object no longer is the transaction
    /// of <paramref name="branch"/> and <paramref name="method"/> (it ended, perhaps serving another request since).
    /// <paramref name="kept"/> says whether it went to a completion that keeps responses.
    /// </summary>
    public bool TryOnResponse(ClientBranch branch, string method, SipResponse response, out bool kept)
    {
        kept = false;
        Ending? ending = null;
        IRequestCompletion completion;
        lock (Sync)
        {
            if (Branch != branch || _state == State.Terminated || !string.Equals(method, Method, StringComparison.Ordinal))
            {
                return false;
            }

            if (_state == State.Completed)
            {
                // Retransmitted final response: absorbed in Completed (§17.1.2.2).
                return true;
            }

            if (response.IsProvisional)
            {
                _state = State.Proceeding;
                return true;
            }

            completion = _completion!;
            _state = State.Completed;
            if (_started)
            {
                // Completed and Terminated under one lock: Timer K is the layer's entry, not this object.
                _absorbResponses = !_request.Flow.Protocol.IsReliable();
                ending = TerminateLocked();
            }
            else
            {
                _timerE?.Dispose();
                _timerF?.Dispose();
            }
        }

        if (ending is { } end)
        {
            LeaveLayer(end);
        }

        completion.Completed(ClientTransactionResult.FromResponse(response));
        kept = completion.KeepsResponses;
        if (ending is { } after)
        {
            Release(after);
        }

        return true;
    }

    /// <summary>The request could not be sent at all.</summary>
    public void Fail()
    {
        TransactionLog.ClientTransportError(Layer.Logger, Method);
        End(ClientTransactionResult.TransportError, null);
    }

    /// <summary>The stack is stopping, or the layer gives up on this try: report a transport error to whoever waits.</summary>
    public void Abort() => End(ClientTransactionResult.TransportError, null);

    /// <summary>As <see cref="Abort()"/>, if this object is still use <paramref name="generation"/>.</summary>
    public void Abort(int generation) => End(ClientTransactionResult.TransportError, generation);

    protected override void OnTransportError(int generation)
    {
        lock (Sync)
        {
            if (generation != Generation)
            {
                return;
            }
        }

        TransactionLog.ClientTransportError(Layer.Logger, Method);
        End(ClientTransactionResult.TransportError, generation);
    }

    private void StartTimerF(TimeSpan due) =>
        _timerF = Layer.TransactionTimers.Start(due, static (s, generation) => ((NonInviteClientTransaction)s).OnTimerF(generation), this, Generation);

    private void StartTimerE() =>
        _timerE = Layer.TransactionTimers.Start(_intervalE, static (s, generation) => ((NonInviteClientTransaction)s).OnTimerE(generation), this, Generation);

    private void OnTimerE(int generation)
    {
        OutboundMessage request;
        lock (Sync)
        {
            if (generation != Generation || _state >= State.Completed)
            {
                return;
            }

            if (_timerFAfterE)
            {
                // The first Timer E comes T1 after the send: Timer F is due what is left of it from here.
                _timerFAfterE = false;
                StartTimerF(_timeout - Timers.T1);
            }

            // §17.1.2.2: doubling up to T2 while Trying; T2 flat once Proceeding.
            _intervalE = _state == State.Proceeding ? Timers.T2 : (_intervalE * 2 < Timers.T2 ? _intervalE * 2 : Timers.T2);
            StartTimerE();
            _resending++;
            request = _request;
        }

        try
        {
            Resend(request, generation);
        }
        finally
        {
            Ending ending = default;
            lock (Sync)
            {
                if (--_resending == 0 && _state == State.Terminated)
                {
                    // The last reader of the head: what termination left for it to give back.
                    ending = new Ending(false, TakePooledHead(), TryRecycle());
                }
            }

            Release(ending);
        }
    }

    private void OnTimerF(int generation)
    {
        TimeSpan timeout;
        lock (Sync)
        {
            if (generation != Generation || _state >= State.Completed)
            {
                return;
            }

            timeout = _timeout;
        }

        TransactionLog.ClientTimeout(Layer.Logger, Method, Remote, timeout);
        End(ClientTransactionResult.Timeout, generation);
    }

    /// <summary>Ends the transaction with <paramref name="result"/>, unless it ended already or is past use <paramref name="generation"/>.</summary>
    private void End(ClientTransactionResult result, int? generation)
    {
        IRequestCompletion completion;
        Ending ending;
        lock (Sync)
        {
            if (_state >= State.Completed || (generation is { } g && g != Generation))
            {
                return;
            }

            completion = _completion!;
            ending = TerminateLocked();
        }

        LeaveLayer(ending);
        completion.Completed(result);
        Release(ending);
    }

    /// <summary>
    /// Under the lock: the transaction is over. What is left to do outside it, in order: leave the layer's map
    /// (<see cref="LeaveLayer"/>), tell the completion, then give back the head and the object (<see cref="Release"/>)
    /// unless a resend still reads them, which then does so.
    /// </summary>
    private Ending TerminateLocked()
    {
        _state = State.Terminated;
        _timerE?.Dispose();
        _timerF?.Dispose();
        return _resending == 0 ? new Ending(_absorbResponses, TakePooledHead(), TryRecycle()) : new Ending(_absorbResponses, null, false);
    }

    /// <summary>Timer K: over UDP the final response may come again for T4, absorbed by the layer's entry; zero on a reliable transport.</summary>
    private void LeaveLayer(in Ending ending)
    {
        if (ending.Absorb)
        {
            Layer.Complete(this);
        }
        else
        {
            Layer.Remove(this);
        }
    }

    /// <summary>Gives the pooled head back to the pool and this object to the layer's free list, as the ending says.</summary>
    private void Release(in Ending ending)
    {
        if (ending.Head is { } head)
        {
            ArrayPool<byte>.Shared.Return(head);
        }

        if (ending.Recycle)
        {
            Layer.Recycle(this);
        }
    }

    /// <summary>The pooled head, taken once, under the lock when the transaction is over and no resend reads it.</summary>
    private byte[]? TakePooledHead()
    {
        if (!_pooledHead || !MemoryMarshal.TryGetArray(_request.Head, out var segment))
        {
            return null;
        }

        _pooledHead = false;
        _request = default;
        return segment.Array;
    }

    /// <summary>
    /// Under the lock: ready for the layer's free list, once terminated with no resend reading it, if nothing but the
    /// completion waited for it. Not before it started: the sender still has it in hand until then. Its branch and method
    /// stay until its next use, for the layer to drop it from its map.
    /// </summary>
    private bool TryRecycle()
    {
        if (!_reusable || !_started || _state != State.Terminated || _resending != 0)
        {
            return false;
        }

        _reusable = false;
        Generation++;
        _completion = null;
        _request = default;
        _timerE = null;
        _timerF = null;
        return true;
    }

    /// <summary>What a termination leaves to do outside the lock (see <see cref="TerminateLocked"/>).</summary>
    private readonly record struct Ending(bool Absorb, byte[]? Head, bool Recycle);
}
