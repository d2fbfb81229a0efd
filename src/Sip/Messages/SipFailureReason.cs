namespace PresenceAgent.Sip.Messages;

/// <summary>Why bytes from a peer could not be accepted as a SIP message. Mapped to a status in <see cref="SipFailure"/>.</summary>
public enum SipFailureReason
{
    MalformedStartLine,
    UnsupportedVersion,
    MalformedHeader,
    InvalidHeaderName,
    MissingRequiredHeader,
    DuplicateSingleHeader,
    InvalidContentLength,
    BodyShorterThanContentLength,
    InvalidCSeq,
    CSeqMethodMismatch,
    InvalidMaxForwards,
    InvalidExpires,
    InvalidRequestUri,
    UnsupportedUriScheme,
    InvalidVia,
    InvalidNameAddress,
    InvalidCallId,
    InvalidHeaderValue,
    InvalidStatusCode,
    MessageTooLarge,
    HeaderSectionTooLarge,
    TooManyHeaders,
    BodyTooLarge,
}
