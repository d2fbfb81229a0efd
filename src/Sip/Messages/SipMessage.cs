using System.Runtime.CompilerServices;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// What requests and responses share: headers, body, and typed views of the headers every element reads.
/// Each typed view is parsed on first use and re-read after the headers change; a value that does not parse reads
/// as null, and <see cref="TryValidate"/> names the fault.
/// </summary>
public abstract partial class SipMessage
{
    private int _viewsVersion = -1;
    private Views _viewsRead;
    private CSeqHeader? _cseq;
    private ViaHeader? _topVia;
    private NameAddress? _from;
    private NameAddress? _to;
    private NameAddress? _contact;
    private string? _callId;
    private string? _toTag;
    private string? _fromTag;

    protected SipMessage(SipHeaders headers) => Headers = headers;

    /// <summary>The typed views, each set once it has been read for the current <see cref="SipHeaders.Version"/>.</summary>
    [Flags]
    private enum Views
    {
        None = 0,
        CallId = 1,
        CSeq = 2,
        TopVia = 4,
        From = 8,
        To = 16,
        Contact = 32,
        ToTag = 64,
        FromTag = 128,
    }

    public SipHeaders Headers { get; }

    /// <summary>
    /// Set when handling is over and nothing kept the message (only copies of its parts), so the buffer it was parsed
    /// from may be reused. Only paths that know they keep nothing set it; the default keeps the buffer to the GC.
    /// </summary>
    internal bool BytesReleased { get; set; }

    public ReadOnlyMemory<byte> Body { get; set; }

    public abstract bool IsRequest { get; }

    public string? CallId
    {
        get
        {
            if (MustRead(Views.CallId))
            {
                _callId = Headers.GetFirst(HeaderKind.CallId)?.Trim();
            }

            return _callId;
        }
    }

    public CSeqHeader? CSeq
    {
        get
        {
            if (MustRead(Views.CSeq))
            {
                _cseq = TryReadFirst<CSeqHeader>(HeaderKind.CSeq, false, CSeqHeader.TryParse, out var cseq) ? cseq : null;
            }

            return _cseq;
        }
    }

    /// <summary>The first element of the first Via, parsed.</summary>
    public ViaHeader? TopVia
    {
        get
        {
            if (MustRead(Views.TopVia))
            {
                _topVia = TryReadFirst<ViaHeader>(HeaderKind.Via, true, ViaHeader.TryParse, out var via) ? via : null;
            }

            return _topVia;
        }
    }

    public NameAddress? From
    {
        get
        {
            if (MustRead(Views.From))
            {
                _from = TryReadFirst<NameAddress>(HeaderKind.From, false, NameAddress.TryParse, out var from) ? from : null;
            }

            return _from;
        }
    }

    public NameAddress? To
    {
        get
        {
            if (MustRead(Views.To))
            {
                _to = TryReadFirst<NameAddress>(HeaderKind.To, false, NameAddress.TryParse, out var to) ? to : null;
            }

            return _to;
        }
    }

    /// <summary>The first Contact value, parsed; null when there is none or it does not parse.</summary>
    public NameAddress? Contact
    {
        get
        {
            if (MustRead(Views.Contact))
            {
                _contact = TryReadFirst<NameAddress>(HeaderKind.Contact, true, NameAddress.TryParse, out var contact) ? contact : null;
            }

            return _contact;
        }
    }

    /// <summary>
    /// The From URI as an address: <c>user@host</c> (user unescaped, <see cref="SipUri.AddressOfRecord"/>) for SIP and
    /// SIPS, the URI whole (<c>scheme:rest</c>) for another scheme; read from the field's bytes into that one string when
    /// <see cref="From"/> has not been parsed. Null when there is no From or it does not parse.
    /// </summary>
    public string? FromAddressOfRecord
    {
        get
        {
            if (_viewsVersion == Headers.Version && (_viewsRead & Views.From) != 0)
            {
                return _from is { } parsed ? SipUri.AddressOf(parsed.Uri) : null;
            }

            return TryReadFirst(HeaderKind.From, false, static (ReadOnlySpan<byte> text, out string? address) =>
                {
                    address = null;
                    return NameAddress.TryScan(text, out var parts) && !parts.IsWildcard && SipUri.TryAddressOf(parts.Uri, out address);
                }, out var address)
                ? address
                : From is { } from ? SipUri.AddressOf(from.Uri) : null;
        }
    }

    /// <summary>
    /// <see cref="FromAddressOfRecord"/> as UTF-8 written into <paramref name="destination"/> from the field's bytes,
    /// making no string: what a pool of addresses is looked up by. The length; -1 when there is no From, it does not scan,
    /// or the address does not fit (<see cref="FromAddressOfRecord"/> then reads it).
    /// </summary>
    public int ReadFromAddressOfRecord(Span<byte> destination)
    {
        var i = Headers.IndexOf(HeaderKind.From);
        if (i < 0)
        {
            return -1;
        }

        using var text = new Utf8Value(Headers[i], stackalloc byte[Utf8Value.ScratchBytes]);
        return NameAddress.TryScan(text.Span, out var parts) && !parts.IsWildcard ? SipUri.WriteAddressOf(parts.Uri, destination) : -1;
    }

    /// <summary>The To tag, as <see cref="To"/>'s would read, from the bytes when To has not been parsed: a tag alone
    /// (a dialog's identity, the merged-request check) needs no URI objects.</summary>
    public string? ToTag => MustRead(Views.ToTag) ? _toTag = TagOf(HeaderKind.To, Views.To, _to) : _toTag;

    /// <summary>The From tag; see <see cref="ToTag"/>.</summary>
    public string? FromTag => MustRead(Views.FromTag) ? _fromTag = TagOf(HeaderKind.From, Views.From, _from) : _fromTag;

    public string? ContentType => Headers.GetFirst(HeaderKind.ContentType)?.Trim();

    /// <summary>Expires as delta-seconds, or null when absent or not a number (RFC 3261 §20.19).</summary>
    public long? Expires => DeltaSecondsOf(HeaderKind.Expires);

    /// <summary>The first field of <paramref name="kind"/> as delta-seconds, or null when absent or not a number.</summary>
    [SkipLocalsInit]
    private protected long? DeltaSecondsOf(HeaderKind kind)
    {
        var i = Headers.IndexOf(kind);
        if (i < 0)
        {
            return null;
        }

        using var value = new Utf8Value(Headers[i], stackalloc byte[Utf8Value.ScratchBytes]);
        return ParseDeltaSeconds(value.Span);
    }

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

    /// <summary>delta-seconds = 1*DIGIT; values past 2^32-1 are refused (RFC 3261 §20.19 allows capping, we refuse).</summary>
    internal static long? ParseDeltaSeconds(ReadOnlySpan<byte> text)
    {
        var s = text.TrimWsp();
        return !s.IsEmpty && s.Length <= 10 && SipGrammar.TryParseDigits(s, out var v) && v <= uint.MaxValue
            ? (long)v
            : null;
    }

    /// <summary>
    /// Forgets the message once <see cref="BytesReleased"/> said nothing kept it, so the object can be parsed into again
    /// (<see cref="Parsing.ReceivedMessages"/>): the headers keep their array, emptied, and every view is dropped, so
    /// nothing of the old message or its buffer stays reachable or readable from here. It still reads as released until
    /// it is parsed into.
    /// </summary>
    internal virtual void Recycle()
    {
        Headers.Clear();
        Body = default;
        _viewsVersion = -1;
        _viewsRead = Views.None;
        _cseq = null;
        _topVia = null;
        _from = _to = _contact = null;
        _callId = _toTag = _fromTag = null;
        ForgetScan();
    }

    /// <summary>Takes <paramref name="view"/> as read for the current headers: its field was set by whoever parsed it.</summary>
    private void MarkRead(Views view) => _ = MustRead(view);

    /// <summary>True when <paramref name="view"/> has to be parsed now; it counts as read from here on.</summary>
    private bool MustRead(Views view)
    {
        if (_viewsVersion != Headers.Version)
        {
            _viewsVersion = Headers.Version;
            _viewsRead = Views.None;
        }

        if ((_viewsRead & view) != 0)
        {
            return false;
        }

        _viewsRead |= view;
        return true;
    }

    private delegate bool Utf8Parser<T>(ReadOnlySpan<byte> text, out T value);

    /// <summary>Parses the first field of <paramref name="kind"/> (its first list element when <paramref name="firstOfList"/>) straight from its bytes.</summary>
    [SkipLocalsInit]
    private bool TryReadFirst<T>(HeaderKind kind, bool firstOfList, Utf8Parser<T> parse, out T value)
    {
        value = default!;
        var i = Headers.IndexOf(kind);
        if (i < 0)
        {
            return false;
        }

        using var text = new Utf8Value(Headers[i], stackalloc byte[Utf8Value.ScratchBytes]);
        if (!firstOfList)
        {
            return parse(text.Span, out value);
        }

        var parts = HeaderValueList.Enumerate(text.Span);
        return parts.MoveNext() && parse(parts.Current, out value);
    }
}
