using System.Runtime.CompilerServices;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1).</summary>
public sealed class SipRequest : SipMessage
{
    // A Request-URI given as bytes (received, or a dialog's remote target) is written as given until the setter replaces
    // it: a NOTIFY would otherwise parse and print its URI back for every send.
    private ReadOnlyMemory<byte> _requestUriBytes;
    private SipUri? _requestUri;

    public SipRequest(string method, SipUri requestUri, SipHeaders? headers = null)
        : this(method, headers)
    {
        _requestUri = requestUri;
    }

    /// <summary>
    /// A request whose Request-URI is UTF-8 already known to be a valid URI (checked by the parser, or a dialog's remote
    /// target); it is built on first use.
    /// </summary>
    internal SipRequest(string method, ReadOnlyMemory<byte> requestUri, SipHeaders headers)
        : this(method, headers)
    {
        _requestUriBytes = requestUri;
    }

    private SipRequest(string method, SipHeaders? headers)
        : base(headers ?? new SipHeaders())
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        Method = method;
    }

    public string Method { get; private set; }

    /// <summary>
    /// The Request-URI, parsed on first read. To change it, set a new one: a request built from text keeps writing that
    /// text until then.
    /// </summary>
    public SipUri RequestUri
    {
        get => _requestUri ??= SipUri.TryScan(_requestUriBytes.Span, out var parts)
            ? SipUri.Create(parts, userRepeats: true)
            : throw new InvalidOperationException("a Request-URI passed as valid does not parse");
        set
        {
            _requestUri = value;
            _requestUriBytes = default;
        }
    }

    internal override void Recycle()
    {
        base.Recycle();
        _requestUriBytes = default;
        _requestUri = null;
    }

    /// <summary>A recycled request (<see cref="Recycle"/>) becomes the next one received, its fields still to be added.</summary>
    internal void StartReceived(string method, ReadOnlyMemory<byte> requestUri)
    {
        BytesReleased = false;
        Method = method;
        _requestUriBytes = requestUri;
    }

    /// <summary>
    /// The Request-URI's UTF-8 bytes as given (received: valid by the parser's check), until the setter replaced it;
    /// empty then and for a request built from a <see cref="SipUri"/>. What a cache by Request-URI looks up by.
    /// </summary>
    public ReadOnlySpan<byte> RequestUriBytes => _requestUriBytes.Span;

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

    /// <summary>Max-Forwards as 0–255, or null when absent or out of range (RFC 3261 §20.22).</summary>
    public int? MaxForwards => DeltaSecondsOf(HeaderKind.MaxForwards) is { } v and <= 255 ? (int)v : null;

    public override bool TryValidate(out SipFailure failure)
    {
        if (!base.TryValidate(out failure))
        {
            return false;
        }

        // RFC 4475 §3.1.2.17: the CSeq method must match the request method.
        if (!CSeqMethodIsMethod())
        {
            failure = SipFailure.Of(SipFailureReason.CSeqMethodMismatch, "CSeq method does not match the request");
            return false;
        }

        if (Headers.Contains(HeaderKind.MaxForwards) && MaxForwards is null)
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

    /// <summary>Compares the bytes, so a CSeq the base validation accepted is not decoded for it (nor scanned again, as a rule).</summary>
    [SkipLocalsInit]
    private bool CSeqMethodIsMethod()
    {
        if (TryScannedCSeqMethod(out var scanned))
        {
            return Ascii.Equals(scanned, Method);
        }

        using var value = new Utf8Value(Headers[Headers.IndexOf(HeaderKind.CSeq)], stackalloc byte[Utf8Value.ScratchBytes]);
        return CSeqHeader.TryScan(value.Span, out _, out var method) && Ascii.Equals(method, Method);
    }
}
