using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// What every transaction shares: a lock for its state (timers and receive loops touch it concurrently; it is never
/// held across I/O), timers from the layer's <see cref="TimeProvider"/>, and fire-and-forget retransmission.
/// </summary>
internal abstract class SipTransaction(TransactionLayer layer, string method)
{
    protected Lock Sync { get; } = new();

    protected TransactionLayer Layer { get; } = layer;

    public string Method { get; } = method;

    protected SipTimerOptions Timers => Layer.Timers;

    protected TransactionTimer StartTimer(Action<object> callback, TimeSpan due) =>
        Layer.TransactionTimers.Start(due, callback, this);

    /// <summary>Sends stored bytes again; a failure ends the transaction (RFC 3261 §17.1.4, §17.2.4).</summary>
    protected void Resend(OutboundMessage message)
    {
        ValueTask<bool> send;
        try
        {
            send = Layer.Transport.ResendAsync(message);
        }
        catch (Exception ex)
        {
            TransactionLog.TransactionFault(Layer.Logger, ex, Method);
            OnTransportError();
            return;
        }

        if (send.IsCompletedSuccessfully)
        {
            if (!send.Result)
            {
                OnTransportError();
            }

            return;
        }

        _ = AwaitResendAsync(send);
    }

    protected abstract void OnTransportError();

    private async Task AwaitResendAsync(ValueTask<bool> send)
    {
        try
        {
            if (!await send.ConfigureAwait(false))
            {
                OnTransportError();
            }
        }
        catch (Exception ex)
        {
            TransactionLog.TransactionFault(Layer.Logger, ex, Method);
            OnTransportError();
        }
    }
}
