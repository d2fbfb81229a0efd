using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>The transaction user (RFC 3261 §17): receives each new request, never a retransmission.</summary>
internal interface ITransactionUser
{
    /// <summary>
    /// Called on the receive loop for a request that matches no transaction, before one is made: true when the user
    /// answered it without one (<see cref="TransactionLayer.SendStateless"/>) or dropped it, and nothing is kept.
    /// </summary>
    bool HandledStatelessly(SipRequest request, SipFlow flow);

    /// <summary>Called on the receive loop; answer through <see cref="ServerTransaction.SendResponseAsync(SipResponse)"/>.</summary>
    void OnRequest(ServerTransaction transaction);
}
