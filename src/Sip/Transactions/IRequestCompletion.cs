namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Told how a request sent with <see cref="Core.SipStack.SendDialogRequest"/> ended: in place of a task and the state
/// machine that awaits it, which a fan-out to many watchers would allocate per NOTIFY.
/// </summary>
public interface IRequestCompletion
{
    /// <summary>How the request ended, once, on whichever thread ended it: a receive loop, a timer, or the sender's own.</summary>
    void Completed(ClientTransactionResult result);

    /// <summary>The stack failed with the request by a fault of its own (a bug): no result follows.</summary>
    void Faulted(Exception exception);

    /// <summary>
    /// True (the default) when <see cref="Completed"/> may hold the response past its return. One that reads what it
    /// needs at once returns false, and the stack may then reuse the buffer the response was received in.
    /// </summary>
    bool KeepsResponses => true;
}
