namespace PresenceAgent.Sip.Transactions;

/// <summary>The transaction user (RFC 3261 §17): receives each new request, never a retransmission.</summary>
internal interface ITransactionUser
{
    /// <summary>Called on the receive loop; answer through <see cref="ServerTransaction.SendResponseAsync"/>.</summary>
    void OnRequest(ServerTransaction transaction);
}
