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

    public int StatusCode { get; private set; }

    public string ReasonPhrase { get; private set; }

    public override bool IsRequest => false;

    /// <summary>A recycled response (<see cref="SipMessage.Recycle"/>) becomes the next one received, its fields still to be added.</summary>
    internal void StartReceived(int statusCode, string reasonPhrase)
    {
        BytesReleased = false;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public override string ToString() => $"SIP/2.0 {StatusCode} {ReasonPhrase}";
}
