using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>The outcome of parsing one message.</summary>
public readonly struct SipParseResult
{
    private SipParseResult(SipMessage? message, SipFailure? failure)
    {
        Message = message;
        Failure = failure;
    }

    public bool Success => Failure is null;

    /// <summary>The message; on failure, whatever could be read (null when not even the start line parsed).</summary>
    public SipMessage? Message { get; }

    public SipFailure? Failure { get; }

    public static SipParseResult Ok(SipMessage message) => new(message, null);

    public static SipParseResult Fail(SipFailure failure, SipMessage? partial = null) => new(partial, failure);
}
