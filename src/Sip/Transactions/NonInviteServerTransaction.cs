using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.2.2 (Figure 8): Trying → Proceeding → Completed → Terminated. A retransmitted request is absorbed
/// in Trying, gets the last provisional in Proceeding and the final response in Completed. Completed lasts Timer J
/// (64·T1) on UDP, which the layer keeps as a compact entry rather than this object; on TCP it lasts nothing.
/// </summary>
internal sealed class NonInviteServerTransaction(TransactionLayer layer) : ServerTransaction(layer)
{
    // Changed under the lock; read without it by the checks the layer and the core make after handling.
    private volatile State _state;
    private volatile bool _done;
    private OutboundMessage? _provisional;
    private OutboundMessage? _final;

    private enum State
    {
        Trying,
        Proceeding,
        Completed,
        Terminated,
    }

    public override bool HasFinalResponse => _state >= State.Completed;

    public override bool IsTerminated => _state == State.Terminated;

    public override bool IsOngoing(in TransactionKey key)
    {
        lock (Sync)
        {
            return _state != State.Terminated && !_done && Key.Equals(key);
        }
    }

    public override bool IsDone => _done;

    public override ValueTask SendResponseAsync(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return SendAsync(response.StatusCode, response, default);
    }

    public override ValueTask SendResponseAsync(WrittenResponse response) => SendAsync(response.StatusCode, null, response);

    protected override void OnBegin()
    {
        _state = State.Trying;
        _provisional = null;
        _final = null;
        _done = false;
    }

    protected override void OnClear()
    {
        _provisional = null;
        _final = null;
    }

    /// <summary>Sends <paramref name="message"/>, or when it is null, <paramref name="written"/>.</summary>
    private async ValueTask SendAsync(int statusCode, SipResponse? message, WrittenResponse written)
    {
        var final = statusCode >= 200;
        int generation;
        lock (Sync)
        {
            if (_state >= State.Completed)
            {
                throw AlreadyAnswered(Method);
            }

            _state = final ? State.Completed : State.Proceeding;
            generation = Generation;
        }

        Layer.Metrics.Answered(Method, statusCode);
        if (message is not null)
        {
            Record(final, await Layer.Transport.SendResponseAsync(message, Flow).ConfigureAwait(false), rented: false, generation);
            return;
        }

        try
        {
            Record(final, await Layer.Transport.SendResponseAsync(written, Flow).ConfigureAwait(false), rented: true, generation);
        }
        finally
        {
            // What outlives the send is a copy: a provisional kept here, or a final in the completed table.
            written.Return();
        }
    }

    /// <summary>Keeps what a retransmitted request is answered with; a final response completes the transaction.</summary>
    private void Record(bool final, OutboundMessage? sent, bool rented, int generation)
    {
        if (sent is not { } message)
        {
            OnTransportError(generation);
            return;
        }

        lock (Sync)
        {
            if (!final)
            {
                _provisional = rented ? message with { Head = message.Head.ToArray() } : message;
                return;
            }

            // A final in a rented buffer answers retransmissions from the completed table once it is there; one that
            // comes in the moment before is absorbed, like one that comes during the send.
            _final = rented ? null : message;
            ReleaseRequest();
            if (_state != State.Completed)
            {
                return;
            }
        }

        if (IsReliable)
        {
            // Timer J is zero on a reliable transport: no retransmissions to absorb.
            Terminate(generation);
            return;
        }

        Layer.Complete(this, message);
        _done = true;
    }

    public override bool OnRetransmission(in TransactionKey key)
    {
        OutboundMessage? resend;
        int generation;
        lock (Sync)
        {
            if (_done || !Key.Equals(key))
            {
                return false;
            }

            generation = Generation;
            resend = _state switch
            {
                State.Proceeding => _provisional,
                State.Completed => _final,
                _ => null,
            };
        }

        if (resend is { } message)
        {
            Resend(message, generation);
        }

        return true;
    }

    protected override void Terminate(int generation)
    {
        lock (Sync)
        {
            if (generation != Generation || _state == State.Terminated)
            {
                return;
            }

            _state = State.Terminated;
        }

        Layer.Remove(this);
        _done = true;
    }
}
