using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1).</summary>
public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, SipUri requestUri, SipHeaders? headers = null)
        : base(headers ?? new SipHeaders())
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        Method = method;
        RequestUri = requestUri;
    }

    public string Method { get; }

    public SipUri RequestUri { get; set; }

    public override bool IsRequest => true;

    public string? Event => Headers.GetFirst(HeaderKind.Event)?.Trim();

    /// <summary>The event package name, without parameters such as <c>id=</c> (RFC 6665 §8.2.1).</summary>
    public string? EventPackage
    {
        get
        {
            var e = Event;
            if (e is null)
            {
                return null;
            }

            var semi = e.IndexOf(';', StringComparison.Ordinal);
            return (semi < 0 ? e : e[..semi]).Trim();
        }
    }

    public int? MaxForwards =>
        ParseDeltaSeconds(Headers.GetFirst(HeaderKind.MaxForwards)) is { } v and <= 255 ? (int)v : null;

    public override bool TryValidate(out SipFailure failure)
    {
        if (!base.TryValidate(out failure))
        {
            return false;
        }

        // RFC 4475 §3.1.2.17: the CSeq method must match the request method.
        if (!string.Equals(CSeq!.Value.Method, Method, StringComparison.Ordinal))
        {
            failure = SipFailure.Of(SipFailureReason.CSeqMethodMismatch, "CSeq method does not match the request");
            return false;
        }

        var mf = Headers.GetFirst(HeaderKind.MaxForwards);
        if (mf is not null && MaxForwards is null)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidMaxForwards, "Max-Forwards is not 0-255");
            return false;
        }

        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Method).Append(' ').Append(RequestUri).Append(" SIP/2.0");
        return sb.ToString();
    }
}
