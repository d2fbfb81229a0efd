using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// What every transaction shares: a lock for its state (timers and receive loops touch it concurrently; it is never
/// held across I/O), timers from the layer's <see cref="TimeProvider"/>, and fire-and-forget retransmission. A
/// transaction object may be reused for another transaction once done (the layer pools them): <see cref="Generation"/>
/// counts its uses, and work begun under one use (a resend in flight, a timer) acts only while that use lasts.
/// </summary>
internal abstract class SipTransaction(TransactionLayer layer, string method)
{
    protected Lock Sync { get; } = new();

    protected TransactionLayer Layer { get; } = layer;

    public string Method { get; private protected set; } = method;

    /// <summary>Which use of this object is current; read and changed under <see cref="Sync"/> (but by a done server transaction's <c>Clear</c>).</summary>
    internal int Generation { get; private protected set; }

    protected SipTimerOptions Timers => Layer.Timers;

    /// <summary>
    /// Sends stored bytes again; a failure ends the transaction (RFC 3261 §17.1.4, §17.2.4) if it is still use
    /// <paramref name="generation"/>.
    /// </summary>
    protected void Resend(OutboundMessage message, int generation)
    {
        ValueTask<bool> send;
        try
        {
            send = Layer.Transport.ResendAsync(message);
        }
        catch (Exception ex)
        {
            TransactionLog.TransactionFault(Layer.Logger, ex, Method);
            OnTransportError(generation);
            return;
        }

        if (send.IsCompletedSuccessfully)
        {
            if (!send.Result)
            {
                OnTransportError(generation);
            }

            return;
        }

        _ = AwaitResendAsync(send, generation);
    }

    /// <summary>The transport failed a send of use <paramref name="generation"/>; nothing to do when that use is over.</summary>
    protected abstract void OnTransportError(int generation);

    private async Task AwaitResendAsync(ValueTask<bool> send, int generation)
    {
        try
        {
            if (!await send.ConfigureAwait(false))
            {
                OnTransportError(generation);
            }
        }
        catch (Exception ex)
        {
            TransactionLog.TransactionFault(Layer.Logger, ex, Method);
            OnTransportError(generation);
        }
    }
}
