using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transactions;

/// <summary>The end of a client transaction: a final response, a timeout, or a transport error.</summary>
public readonly record struct ClientTransactionResult(ClientTransactionOutcome Outcome, SipResponse? Response)
{
    public static ClientTransactionResult Timeout => new(ClientTransactionOutcome.Timeout, null);

    public static ClientTransactionResult TransportError => new(ClientTransactionOutcome.TransportError, null);

    public static ClientTransactionResult FromResponse(SipResponse response) => new(ClientTransactionOutcome.Response, response);
}
