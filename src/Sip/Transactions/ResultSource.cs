namespace PresenceAgent.Sip.Transactions;

/// <summary>A client transaction's end as a task, for the paths that await it.</summary>
internal sealed class ResultSource : TaskCompletionSource<ClientTransactionResult>, IRequestCompletion
{
    // Continuations run on the thread that set the result (the notifier may run on the receive loop that took the
    // response): at NOTIFY rates a thread-pool hop per response costs more than that short continuation.
    public void Completed(ClientTransactionResult result) => TrySetResult(result);

    public void Faulted(Exception exception) => TrySetException(exception);
}
