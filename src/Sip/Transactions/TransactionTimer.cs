namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// One pending transaction timer: its place in its delay's queue. Disposing it cancels it; a timer already taken off
/// the queue to fire may still fire, so a callback checks the token it was started with (a transaction's generation).
/// </summary>
internal readonly struct TransactionTimer(TransactionTimers.DelayQueue queue, long sequence) : IDisposable
{
    public void Dispose() => queue?.Cancel(sequence);
}
