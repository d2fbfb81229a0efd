using System.Globalization;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// What requests and responses share: headers, body, and typed views of the headers every element reads.
/// Typed views are parsed on first use and re-read after the headers change; a value that does not parse reads
/// as null, and <see cref="TryValidate"/> names the fault.
/// </summary>
public abstract class SipMessage
{
    private int _cachedVersion = -1;
    private CSeqHeader? _cseq;
    private ViaHeader? _topVia;
    private NameAddress? _from;
    private NameAddress? _to;
    private NameAddress? _contact;
    private bool _contactRead;
    private string? _callId;

    protected SipMessage(SipHeaders headers) => Headers = headers;

    public SipHeaders Headers { get; }

    public ReadOnlyMemory<byte> Body { get; set; }

    public abstract bool IsRequest { get; }

    public string? CallId
    {
        get
        {
            Refresh();
            return _callId;
        }
    }

    public CSeqHeader? CSeq
    {
        get
        {
            Refresh();
            return _cseq;
        }
    }

    public ViaHeader? TopVia
    {
        get
        {
            Refresh();
            return _topVia;
        }
    }

    public NameAddress? From
    {
        get
        {
            Refresh();
            return _from;
        }
    }

    public NameAddress? To
    {
        get
        {
            Refresh();
            return _to;
        }
    }

    /// <summary>The first Contact value, parsed; null when there is none or it does not parse.</summary>
    public NameAddress? Contact
    {
        get
        {
            Refresh();
            if (!_contactRead)
            {
                var i = Headers.IndexOf(HeaderKind.Contact);
                var parts = HeaderValueList.Enumerate(i < 0 ? "" : Headers.ValueAt(i));
                _contact = parts.MoveNext() && NameAddress.TryParse(parts.Current, out var c) ? c : null;
                _contactRead = true;
            }

            return _contact;
        }
    }

    public string? ContentType => Headers.GetFirst(HeaderKind.ContentType)?.Trim();

    /// <summary>Expires as delta-seconds, or null when absent or not a number (RFC 3261 §20.19).</summary>
    public long? Expires => ParseDeltaSeconds(Headers.GetFirst(HeaderKind.Expires));

    public IEnumerable<ViaHeader> Vias
    {
        get
        {
            foreach (var v in Headers.GetValues(HeaderKind.Via))
            {
                if (ViaHeader.TryParse(v, out var via))
                {
                    yield return via;
                }
            }
        }
    }

    /// <summary>
    /// Checks the headers every SIP element needs (RFC 3261 §8.1.1): To, From, Call-ID, CSeq, Via, and the
    /// single-value rule of RFC 4475 §3.3.8. The parser calls it, so a parsed message has passed.
    /// </summary>
    public virtual bool TryValidate(out SipFailure failure)
    {
        failure = default;
        foreach (var kind in (ReadOnlySpan<HeaderKind>)[HeaderKind.To, HeaderKind.From, HeaderKind.CallId, HeaderKind.CSeq, HeaderKind.Via])
        {
            var first = Headers.IndexOf(kind);
            if (first < 0)
            {
                failure = SipFailure.Of(SipFailureReason.MissingRequiredHeader, $"missing {HeaderDescriptor.Get(kind).Name}");
                return false;
            }

            if (HeaderDescriptor.Get(kind).IsSingle && Headers.IndexOf(kind, first + 1) >= 0)
            {
                failure = SipFailure.Of(SipFailureReason.DuplicateSingleHeader, $"more than one {HeaderDescriptor.Get(kind).Name}");
                return false;
            }
        }

        foreach (var kind in (ReadOnlySpan<HeaderKind>)[HeaderKind.ContentLength, HeaderKind.ContentType, HeaderKind.MaxForwards, HeaderKind.Expires, HeaderKind.Event])
        {
            var first = Headers.IndexOf(kind);
            if (first >= 0 && Headers.IndexOf(kind, first + 1) >= 0)
            {
                failure = SipFailure.Of(SipFailureReason.DuplicateSingleHeader, $"more than one {HeaderDescriptor.Get(kind).Name}");
                return false;
            }
        }

        Refresh();
        if (string.IsNullOrWhiteSpace(_callId) || _callId.AsSpan().ContainsAny(" \t"))
        {
            failure = SipFailure.Of(SipFailureReason.InvalidCallId, "invalid Call-ID");
            return false;
        }

        if (_cseq is null)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidCSeq, DescribeCSeqFault(Headers.GetFirst(HeaderKind.CSeq)));
            return false;
        }

        if (_from is null || _to is null)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidNameAddress, _from is null ? "invalid From" : "invalid To");
            return false;
        }

        if (!ValidateVias(out failure))
        {
            return false;
        }

        if (Headers.GetFirst(HeaderKind.Expires) is { } expires && ParseDeltaSeconds(expires) is null)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidExpires, "Expires is not delta-seconds up to 2^32-1");
            return false;
        }

        return ValidateContacts(out failure);
    }

    /// <summary>Via = ( "Via" / "v" ) HCOLON via-parm *(COMMA via-parm): no empty elements (RFC 4475 §3.1.2.1).</summary>
    private bool ValidateVias(out SipFailure failure)
    {
        failure = default;
        var first = true;
        for (var i = 0; i < Headers.Count; i++)
        {
            if (Headers[i].Kind != HeaderKind.Via)
            {
                continue;
            }

            var value = Headers.ValueAt(i);
            var parts = HeaderValueList.Enumerate(value);
            while (parts.MoveNext())
            {
                // The top Via was parsed by Refresh already.
                if (parts.Current.IsEmpty || (!first && !ViaHeader.TryParse(parts.Current, out _)))
                {
                    failure = SipFailure.Of(SipFailureReason.InvalidVia, parts.Current.IsEmpty ? "empty element in Via" : "invalid Via");
                    return false;
                }

                first = false;
            }

            if (parts.Unterminated)
            {
                failure = SipFailure.Of(SipFailureReason.InvalidVia, "invalid Via");
                return false;
            }
        }

        if (_topVia is null)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidVia, "invalid Via");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Contact = ("Contact" / "m") HCOLON ( STAR / (contact-param *(COMMA contact-param))) (RFC 3261 §20.10): each value is
    /// a name-addr or addr-spec, and an expires parameter is delta-seconds (RFC 4475 §3.1.2.4 scalar02).
    /// </summary>
    private bool ValidateContacts(out SipFailure failure)
    {
        failure = default;
        for (var i = 0; i < Headers.Count; i++)
        {
            if (Headers[i].Kind != HeaderKind.Contact)
            {
                continue;
            }

            var parts = HeaderValueList.Enumerate(Headers.ValueAt(i));
            while (parts.MoveNext())
            {
                if (parts.Current.IsEmpty)
                {
                    failure = SipFailure.Of(SipFailureReason.InvalidNameAddress, "empty element in Contact");
                    return false;
                }

                if (!NameAddress.TryParse(parts.Current, out var contact))
                {
                    failure = SipFailure.Of(SipFailureReason.InvalidNameAddress, "invalid Contact");
                    return false;
                }

                if (!_contactRead)
                {
                    _contact = contact;
                    _contactRead = true;
                }
                if (contact.Parameters.Contains("expires") && ParseDeltaSeconds(contact.Parameters.Get("expires")) is null)
                {
                    failure = SipFailure.Of(SipFailureReason.InvalidExpires, "Contact expires is not delta-seconds up to 2^32-1");
                    return false;
                }
            }

            if (parts.Unterminated)
            {
                failure = SipFailure.Of(SipFailureReason.InvalidNameAddress, "invalid Contact");
                return false;
            }
        }

        return true;
    }

    /// <summary>Names what is wrong with a CSeq that did not parse, for the reason phrase.</summary>
    private static string DescribeCSeqFault(string? value)
    {
        var text = value.AsSpan().Trim(" \t");
        var end = text.IndexOfAny(' ', '\t');
        var digits = end < 0 ? text : text[..end];
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return "CSeq number is not 1*DIGIT";
        }

        if (digits.Length > 10 || ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) > uint.MaxValue)
        {
            return "CSeq number is over 2^32-1";
        }

        return end < 0 ? "CSeq has no method" : "CSeq method is not a token";
    }

    /// <summary>delta-seconds = 1*DIGIT; values past 2^32-1 are refused (RFC 3261 §20.19 allows capping, we refuse).</summary>
    public static long? ParseDeltaSeconds(string? text)
    {
        var s = text.AsSpan().Trim(" \t");
        return !s.IsEmpty && s.Length <= 10 &&
               ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= uint.MaxValue
            ? (long)v
            : null;
    }

    private void Refresh()
    {
        if (_cachedVersion == Headers.Version)
        {
            return;
        }

        _callId = Headers.GetFirst(HeaderKind.CallId)?.Trim();
        _cseq = CSeqHeader.TryParse(Headers.GetFirst(HeaderKind.CSeq), out var cseq) ? cseq : null;
        _from = NameAddress.TryParse(Headers.GetFirst(HeaderKind.From), out var from) ? from : null;
        _to = NameAddress.TryParse(Headers.GetFirst(HeaderKind.To), out var to) ? to : null;
        _topVia = null;
        var firstVia = Headers.IndexOf(HeaderKind.Via);
        if (firstVia >= 0)
        {
            var parts = HeaderValueList.Enumerate(Headers.ValueAt(firstVia));
            if (parts.MoveNext() && ViaHeader.TryParse(parts.Current, out var via))
            {
                _topVia = via;
            }
        }

        _contact = null;
        _contactRead = false;
        _cachedVersion = Headers.Version;
    }
}
