namespace PresenceAgent.Sip.Transactions;

/// <summary>How a request we sent ended (RFC 3261 §17.1.2, §8.1.3.1).</summary>
public enum ClientTransactionOutcome
{
    /// <summary>A final response arrived; see <see cref="ClientTransactionResult.Response"/>.</summary>
    Response,

    /// <summary>No final response within Timer F (64·T1): treat like a 408 (RFC 3261 §8.1.3.1; reference §1.8).</summary>
    Timeout,

    /// <summary>The request could not be sent: no route, no address, connection refused or lost (RFC 3261 §17.1.4).</summary>
    TransportError,
}
