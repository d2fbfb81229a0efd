namespace PresenceAgent.Sip.Messages;

/// <summary>
/// Where validation found the To and From tags, the top Via's branch and sent-by and the CSeq method, kept as offsets
/// into the received values: the transaction key, the response's match, the dialog checks and the request's own CSeq
/// check need only those, and read them here rather than scan the fields again. Kept for the headers validation read; any change, or a folded value, leaves the views
/// to scan as before.
/// </summary>
public abstract partial class SipMessage
{
    private int _scannedVersion = -1;
    private Scanned _toTagAt;
    private Scanned _fromTagAt;
    private Scanned _viaBranch;
    private Scanned _viaHost;
    private Scanned _cseqMethod;
    private int? _viaPort;

    /// <summary>Forgets what validation found; it is recorded again as it runs.</summary>
    private void StartScan()
    {
        _scannedVersion = Headers.Version;
        _toTagAt = _fromTagAt = _viaBranch = _viaHost = _cseqMethod = Scanned.Unknown;
        _viaPort = null;
    }

    private void ForgetScan() => _scannedVersion = -1;

    /// <summary>The tag of the From or To at <paramref name="field"/> that validation accepted, <paramref name="value"/> being its value as scanned.</summary>
    private void RecordTag(int field, HeaderKind kind, ReadOnlySpan<byte> value, in NameAddressParts parts)
    {
        var tag = parts.HasTag ? Scanned.Of(Headers[field].RawValue, value, parts.Tag) : Scanned.None;
        if (kind == HeaderKind.To)
        {
            _toTagAt = tag;
        }
        else
        {
            _fromTagAt = tag;
        }
    }

    /// <summary>The branch and sent-by of the top via-parm, which validation accepted.</summary>
    private void RecordTopVia(int field, ReadOnlySpan<byte> value, in ViaParts parts)
    {
        var raw = Headers[field].RawValue;
        _viaBranch = parts.HasBranch ? Scanned.Of(raw, value, parts.Branch) : Scanned.None;
        _viaHost = Scanned.Of(raw, value, parts.Host);
        _viaPort = parts.Port;
    }

    /// <summary>The method of the CSeq that validation accepted, <paramref name="value"/> being the field's value as scanned.</summary>
    private void RecordCSeqMethod(int field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> method) =>
        _cseqMethod = Scanned.Of(Headers[field].RawValue, value, method);

    /// <summary>True when validation's record of the CSeq method holds; <paramref name="method"/> is then that method.</summary>
    private protected bool TryScannedCSeqMethod(out ReadOnlySpan<byte> method)
    {
        method = default;
        if (_scannedVersion != Headers.Version || _cseqMethod.IsUnknown)
        {
            return false;
        }

        method = _cseqMethod.In(Headers[Headers.IndexOf(HeaderKind.CSeq)].RawValue);
        return true;
    }

    /// <summary>True when validation's record of the tag holds; <paramref name="tag"/> is then the tag, or null without one.</summary>
    private bool TryScannedTag(HeaderKind kind, out bool found, out ReadOnlySpan<byte> tag)
    {
        found = false;
        tag = default;
        var scanned = kind == HeaderKind.To ? _toTagAt : _fromTagAt;
        if (_scannedVersion != Headers.Version || scanned.IsUnknown)
        {
            return false;
        }

        found = !scanned.IsNone;
        tag = found ? scanned.In(Headers[Headers.IndexOf(kind)].RawValue) : default;
        return true;
    }

    /// <summary>True when validation's record of the top Via holds; <paramref name="hasBranch"/> false when it has none.</summary>
    private bool TryScannedTopVia(out bool hasBranch, out ReadOnlySpan<byte> branch, out ReadOnlySpan<byte> host, out int? port)
    {
        hasBranch = false;
        branch = host = default;
        port = _viaPort;
        if (_scannedVersion != Headers.Version || _viaBranch.IsUnknown || _viaHost.IsUnknown)
        {
            return false;
        }

        var raw = Headers[Headers.IndexOf(HeaderKind.Via)].RawValue;
        hasBranch = !_viaBranch.IsNone;
        branch = hasBranch ? _viaBranch.In(raw) : default;
        host = _viaHost.In(raw);
        return true;
    }

    /// <summary>A slice of a received value by offset; or none found, or unknown (the value was not scanned in place).</summary>
    private readonly record struct Scanned(int Start, int Length)
    {
        public static readonly Scanned Unknown = new(-2, 0);

        public static readonly Scanned None = new(-1, 0);

        public bool IsUnknown => Start == -2;

        public bool IsNone => Start == -1;

        /// <summary><paramref name="part"/> of <paramref name="value"/> by its offset in the field's received bytes; unknown when the value is a copy (unfolded or encoded).</summary>
        public static Scanned Of(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> value, ReadOnlySpan<byte> part) =>
            !raw.IsEmpty && value == raw && !part.IsEmpty && raw.Overlaps(part, out var offset) ? new(offset, part.Length) : Unknown;

        public ReadOnlySpan<byte> In(ReadOnlySpan<byte> raw) => raw.Slice(Start, Length);
    }
}
