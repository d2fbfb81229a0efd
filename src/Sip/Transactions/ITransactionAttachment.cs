namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// An object of the transaction user kept with a server transaction (<see cref="ServerTransaction.Attachment"/>) and
/// reused with it, so a pooled transaction brings its user's per-request object along.
/// </summary>
internal interface ITransactionAttachment
{
    /// <summary>The transaction is going back to the pool: let go of the request it held.</summary>
    void Clear();
}
