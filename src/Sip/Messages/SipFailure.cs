namespace PresenceAgent.Sip.Messages;

/// <summary>A rejected message: the reason, and a short detail safe to put in a reason phrase or a log.</summary>
public readonly record struct SipFailure(SipFailureReason Reason, string Detail)
{
    /// <summary>Longest detail we keep: enough to name the fault, never a dump of peer bytes.</summary>
    public const int MaxDetailLength = 80;

    /// <summary>The one place that maps a failure to the response a request gets.</summary>
    public int StatusCode => Reason switch
    {
        SipFailureReason.UnsupportedVersion => 505,
        SipFailureReason.UnsupportedUriScheme => 416,
        SipFailureReason.MessageTooLarge or SipFailureReason.HeaderSectionTooLarge
            or SipFailureReason.TooManyHeaders or SipFailureReason.BodyTooLarge => 513,
        _ => 400,
    };

    /// <summary>The reason phrase: the standard text plus what was wrong, e.g. "Bad Request (missing Call-ID)".</summary>
    public string ReasonPhrase => $"{StatusCodes.DefaultReason(StatusCode)} ({Detail})";

    public static SipFailure Of(SipFailureReason reason, string detail) =>
        new(reason, Sanitize(detail));

    /// <summary>Keeps only printable ASCII and truncates, so peer bytes cannot inject CRLF into our responses.</summary>
    public static string Sanitize(ReadOnlySpan<char> text)
    {
        var len = Math.Min(text.Length, MaxDetailLength);
        return string.Create(len, text[..len].ToString(), static (dst, src) =>
        {
            for (var i = 0; i < dst.Length; i++)
            {
                var c = src[i];
                dst[i] = c is >= ' ' and <= '~' ? c : '?';
            }
        });
    }
}
