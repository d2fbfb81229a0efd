namespace PresenceAgent.Sip.Messages;

/// <summary>The one exception type for bad input from a peer; carries the failure that decides the answer.</summary>
public sealed class SipMessageException : Exception
{
    public SipMessageException(SipFailure failure)
        : base($"{failure.Reason}: {failure.Detail}") => Failure = failure;

    public SipMessageException()
        : this(SipFailure.Of(SipFailureReason.MalformedHeader, "malformed"))
    {
    }

    public SipMessageException(string message)
        : this(SipFailure.Of(SipFailureReason.MalformedHeader, message))
    {
    }

    public SipMessageException(string message, Exception innerException)
        : base(message, innerException) => Failure = SipFailure.Of(SipFailureReason.MalformedHeader, message);

    public SipFailure Failure { get; }
}
