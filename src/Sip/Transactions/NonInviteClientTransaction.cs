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
internal sealed class NonInviteClientTransaction : SipTransaction
{
    // Told the result always outside the lock, so it may go on at once on the thread that ended the transaction.
    private readonly IRequestCompletion _completion;

    private State _state;
    private OutboundMessage _request;
    private bool _started;
    private TimeSpan _timeout;
    private TimeSpan _intervalE;
    private TransactionTimer? _timerE;
    private TransactionTimer? _timerF;
    private bool _absorbResponses;

    // The head is the pool's (a request within a dialog over UDP): given back once the transaction is over and no
    // retransmission is reading it, so no resend ever sends bytes another request wrote since.
    private bool _pooledHead;
    private int _resending;

    public NonInviteClientTransaction(TransactionLayer layer, string method, ClientBranch branch, IPEndPoint remote, IRequestCompletion completion)
        : base(layer, method)
    {
        _completion = completion;
        Branch = branch;
        Remote = remote;
    }

    private enum State
    {
        Trying,
        Proceeding,
        Completed,
        Terminated,
    }

    public ClientBranch Branch { get; }

    /// <summary>Where the request goes; named when it times out.</summary>
    public IPEndPoint Remote { get; }

    /// <summary>The result as a task, for a transaction begun with a <see cref="ResultSource"/>.</summary>
    public Task<ClientTransactionResult> Result => ((ResultSource)_completion).Task;

    /// <summary>Starts Timer F at <paramref name="timeout"/>, before the request is sent.</summary>
    public void Arm(TimeSpan timeout)
    {
        lock (Sync)
        {
            _timeout = timeout;
            _timerF = StartTimer(static s => ((NonInviteClientTransaction)s).OnTimerF(), timeout);
        }
    }

    /// <summary>
    /// The request went out once: Timer E starts over UDP. A response may already have arrived meanwhile, or Timer F
    /// ended the transaction while the send was held up. With <paramref name="pooledHead"/> its head is an array from
    /// <see cref="ArrayPool{T}.Shared"/>, returned when the transaction ends.
    /// </summary>
    public void Start(OutboundMessage request, bool pooledHead = false)
    {
        var terminate = false;
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
                        _timerE = StartTimer(static s => ((NonInviteClientTransaction)s).OnTimerE(), _intervalE);
                    }

                    break;
                case State.Completed:
                    terminate = true;
                    _absorbResponses = !request.Flow.Protocol.IsReliable();
                    break;
            }
        }

        if (terminate)
        {
            Terminate();
        }
    }

    /// <summary>A response whose branch and CSeq method match (§17.1.3). True when it was handed to a completion that keeps responses.</summary>
    public bool OnResponse(SipResponse response)
    {
        var terminate = false;
        lock (Sync)
        {
            if (_state >= State.Completed)
            {
                // Retransmitted final response: absorbed in Completed (§17.1.2.2).
                return false;
            }

            if (response.IsProvisional)
            {
                _state = State.Proceeding;
                return false;
            }

            _state = State.Completed;
            _timerE?.Dispose();
            _timerF?.Dispose();
            if (_started)
            {
                terminate = true;
                _absorbResponses = !_request.Flow.Protocol.IsReliable();
            }
        }

        _completion.Completed(ClientTransactionResult.FromResponse(response));
        if (terminate)
        {
            Terminate();
        }

        return _completion.KeepsResponses;
    }

    /// <summary>The request could not be sent at all.</summary>
    public void Fail()
    {
        TransactionLog.ClientTransportError(Layer.Logger, Method);
        End(ClientTransactionResult.TransportError);
    }

    /// <summary>The stack is stopping, or the layer gives up on this try: report a transport error to whoever waits.</summary>
    public void Abort() => End(ClientTransactionResult.TransportError);

    protected override void OnTransportError(int generation) => Fail();

    private void OnTimerE()
    {
        OutboundMessage request;
        lock (Sync)
        {
            if (_state >= State.Completed)
            {
                return;
            }

            // §17.1.2.2: doubling up to T2 while Trying; T2 flat once Proceeding.
            _intervalE = _state == State.Proceeding ? Timers.T2 : (_intervalE * 2 < Timers.T2 ? _intervalE * 2 : Timers.T2);
            _timerE = StartTimer(static s => ((NonInviteClientTransaction)s).OnTimerE(), _intervalE);
            _resending++;
            request = _request;
        }

        try
        {
            Resend(request, 0);
        }
        finally
        {
            bool release;
            lock (Sync)
            {
                release = --_resending == 0 && _state == State.Terminated;
            }

            if (release)
            {
                ReleaseHead();
            }
        }
    }

    private void OnTimerF()
    {
        lock (Sync)
        {
            if (_state >= State.Completed)
            {
                return;
            }
        }

        TransactionLog.ClientTimeout(Layer.Logger, Method, Remote, _timeout);
        End(ClientTransactionResult.Timeout);
    }

    private void End(ClientTransactionResult result)
    {
        lock (Sync)
        {
            if (_state >= State.Completed)
            {
                return;
            }

            _state = State.Completed;
        }

        _completion.Completed(result);
        Terminate();
    }

    private void Terminate()
    {
        bool release;
        lock (Sync)
        {
            if (_state == State.Terminated)
            {
                return;
            }

            _state = State.Terminated;
            _timerE?.Dispose();
            _timerF?.Dispose();
            release = _resending == 0;
        }

        if (release)
        {
            ReleaseHead();
        }

        // Timer K: over UDP the final response may come again for T4; it is zero on a reliable transport.
        if (_absorbResponses)
        {
            Layer.Complete(this);
        }
        else
        {
            Layer.Remove(this);
        }
    }

    /// <summary>Gives a pooled head back, once: called when the transaction is over and no resend reads it.</summary>
    private void ReleaseHead()
    {
        byte[]? head = null;
        lock (Sync)
        {
            if (_pooledHead && MemoryMarshal.TryGetArray(_request.Head, out var segment))
            {
                head = segment.Array;
                _pooledHead = false;
                _request = default;
            }
        }

        if (head is not null)
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }
}
