namespace PresenceAgent.Sip.Transactions;

/// <summary>One pending transaction timer; disposing it cancels it (a fired or cancelled timer never fires again).</summary>
internal sealed class TransactionTimer : IDisposable
{
    private readonly TransactionTimers _owner;
    private Action<object>? _callback;
    private object? _state;

    internal TransactionTimer(TransactionTimers owner, long due, Action<object> callback, object state)
    {
        _owner = owner;
        Due = due;
        _callback = callback;
        _state = state;
    }

    internal long Due { get; }

    /// <summary>Fires the timer unless it was cancelled or has fired already.</summary>
    internal void Fire()
    {
        var callback = Interlocked.Exchange(ref _callback, null);
        var state = _state;
        _state = null;
        if (callback is not null && state is not null)
        {
            _owner.OnEnded();
            callback(state);
        }
    }

    /// <summary>Cancels; the queue entry lingers until its due time, so it lets go of the transaction now.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _callback, null) is not null)
        {
            _owner.OnEnded();
        }

        _state = null;
    }
}
