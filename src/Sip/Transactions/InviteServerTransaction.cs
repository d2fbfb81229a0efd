using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// The INVITE server transaction of RFC 3261 §17.2.1 (Figure 7) for the one thing we do with INVITEs: reject them.
/// The non-2xx final response is resent on Timer G (T1 doubling to T2, UDP only) until the ACK arrives or Timer H
/// (64·T1) gives up; after the ACK, Timer I (T4 on UDP, zero on TCP) absorbs ACK retransmissions.
/// </summary>
internal sealed class InviteServerTransaction(TransactionLayer layer, SipRequest request, SipFlow flow, ServerTransactionKey key)
    : ServerTransaction(layer, request, flow, key)
{
    private State _state;
    private OutboundMessage? _provisional;
    private OutboundMessage? _final;
    private int _finalStatus;
    private TimeSpan _intervalG;
    private TransactionTimer? _timerG;
    private TransactionTimer? _timerH;
    private TransactionTimer? _timerI;

    private enum State
    {
        Proceeding,
        Completed,
        Confirmed,
        Terminated,
    }

    public override bool HasFinalResponse
    {
        get
        {
            lock (Sync)
            {
                return _state >= State.Completed;
            }
        }
    }

    public override bool IsTerminated
    {
        get
        {
            lock (Sync)
            {
                return _state == State.Terminated;
            }
        }
    }

    public override async ValueTask SendResponseAsync(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccess)
        {
            // A 2xx would hand retransmission to the TU and start a dialog (§13.3.1.4); this stack never accepts INVITEs.
            throw new InvalidOperationException("INVITEs can only be rejected by this stack.");
        }

        var final = !response.IsProvisional;
        lock (Sync)
        {
            if (_state >= State.Completed)
            {
                throw AlreadyAnswered(Method);
            }

            if (final)
            {
                _state = State.Completed;
                _finalStatus = response.StatusCode;
            }
        }

        var sent = await Layer.Transport.SendResponseAsync(response, Flow).ConfigureAwait(false);
        if (sent is null)
        {
            OnTransportError();
            return;
        }

        lock (Sync)
        {
            if (!final)
            {
                _provisional = sent;
                return;
            }

            _final = sent;
            if (_state != State.Completed)
            {
                return;
            }

            _timerH = StartTimer(static s => ((InviteServerTransaction)s).OnTimerH(), Timers.TransactionTimeout);
            if (!IsReliable)
            {
                _intervalG = Timers.T1;
                _timerG = StartTimer(static s => ((InviteServerTransaction)s).OnTimerG(), _intervalG);
            }
        }
    }

    public override void OnRetransmission()
    {
        OutboundMessage? resend;
        lock (Sync)
        {
            resend = _state switch
            {
                State.Proceeding => _provisional,
                State.Completed => _final,
                _ => null,
            };
        }

        if (resend is { } message)
        {
            Resend(message);
        }
    }

    /// <summary>§17.2.1: the ACK moves Completed to Confirmed; later ACKs are absorbed.</summary>
    public void OnAck()
    {
        lock (Sync)
        {
            if (_state != State.Completed)
            {
                return;
            }

            _state = State.Confirmed;
            _timerG?.Dispose();
            _timerH?.Dispose();
            if (!IsReliable)
            {
                _timerI = StartTimer(static s => ((InviteServerTransaction)s).Terminate(), Timers.T4);
                return;
            }
        }

        Terminate();
    }

    protected override void Terminate()
    {
        lock (Sync)
        {
            if (_state == State.Terminated)
            {
                return;
            }

            _state = State.Terminated;
            _timerG?.Dispose();
            _timerH?.Dispose();
            _timerI?.Dispose();
        }

        Layer.Remove(this);
    }

    private void OnTimerG()
    {
        OutboundMessage? resend;
        lock (Sync)
        {
            if (_state != State.Completed || _final is null)
            {
                return;
            }

            resend = _final;
            _intervalG = _intervalG * 2 < Timers.T2 ? _intervalG * 2 : Timers.T2;
            _timerG = StartTimer(static s => ((InviteServerTransaction)s).OnTimerG(), _intervalG);
        }

        Resend(resend.Value);
    }

    private void OnTimerH()
    {
        lock (Sync)
        {
            if (_state != State.Completed)
            {
                return;
            }
        }

        TransactionLog.InviteNotAcknowledged(Layer.Logger, Flow.RemoteEndPoint, _finalStatus);
        Terminate();
    }
}
