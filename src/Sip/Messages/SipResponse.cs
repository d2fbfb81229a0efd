namespace PresenceAgent.Sip.Messages;

/// <summary>Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (RFC 3261 §7.2).</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string? reasonPhrase = null, SipHeaders? headers = null)
        : base(headers ?? new SipHeaders())
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? StatusCodes.DefaultReason(statusCode);
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public override bool IsRequest => false;

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public override string ToString() => $"SIP/2.0 {StatusCode} {ReasonPhrase}";
}
