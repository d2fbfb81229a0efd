using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The parts of a message the transaction and dialog layers match on (the top Via's branch and sent-by, the tags), read
/// from the received bytes or from where validation found them, without building the header objects.
/// </summary>
public abstract partial class SipMessage
{
    /// <summary>
    /// The branch of the first Via, as characters into <paramref name="destination"/>, without parsing the Via into
    /// objects: what matching a response to its client transaction needs. False when there is none or it does not fit.
    /// </summary>
    internal bool TryCopyTopViaBranch(Span<char> destination, out int length)
    {
        length = 0;
        if (TryScannedTopVia(out var hasBranch, out var scanned, out _, out _))
        {
            if (!hasBranch || scanned.Length > destination.Length)
            {
                return false;
            }

            length = Encoding.ASCII.GetChars(scanned, destination);
            return true;
        }

        var i = Headers.IndexOf(HeaderKind.Via);
        if (i < 0)
        {
            return false;
        }

        using var text = new Utf8Value(Headers[i], stackalloc byte[Utf8Value.ScratchBytes]);
        var parts = HeaderValueList.Enumerate(text.Span);
        if (!parts.MoveNext() || !ViaHeader.TryScanBranch(parts.Current, stackalloc byte[Utf8Value.ScratchBytes], out var branch) || branch.Length > destination.Length)
        {
            return false;
        }

        // The branch is a token: ASCII, one character per byte.
        length = Encoding.ASCII.GetChars(branch, destination);
        return true;
    }

    /// <summary>
    /// The RFC 3261 branch and sent-by of the first Via, read from its bytes or from where validation found them: what a
    /// server transaction's key needs, without the Via's objects. The branch is copied to the start
    /// of <paramref name="destination"/> (<paramref name="branchLength"/> bytes) and the sent-by host right after it
    /// (<paramref name="hostLength"/>, as received: compare it case-insensitively). False when there is no RFC 3261
    /// branch, or the two do not fit (<see cref="Utf8Value.ScratchBytes"/> holds any ordinary Via's); then read
    /// <see cref="TopVia"/>.
    /// </summary>
    internal bool TryCopyTopViaKey(Span<byte> destination, out int branchLength, out int hostLength, out int? port)
    {
        branchLength = hostLength = 0;
        if (TryScannedTopVia(out var hasBranch, out var scannedBranch, out var scannedHost, out port))
        {
            return hasBranch && scannedBranch.StartsWith("z9hG4bK"u8) && Copy(scannedBranch, scannedHost, destination, out branchLength, out hostLength);
        }

        port = null;
        var i = Headers.IndexOf(HeaderKind.Via);
        if (i < 0)
        {
            return false;
        }

        using var text = new Utf8Value(Headers[i], stackalloc byte[Utf8Value.ScratchBytes]);
        var parts = HeaderValueList.Enumerate(text.Span);
        if (!parts.MoveNext() ||
            !ViaHeader.TryScanKey(parts.Current, stackalloc byte[Utf8Value.ScratchBytes], out var branch, out var host, out port))
        {
            port = null;
            return false;
        }

        return Copy(branch, host, destination, out branchLength, out hostLength);

        static bool Copy(ReadOnlySpan<byte> branch, ReadOnlySpan<byte> host, Span<byte> destination, out int branchLength, out int hostLength)
        {
            branchLength = hostLength = 0;
            if (branch.Length + host.Length > destination.Length)
            {
                return false;
            }

            branch.CopyTo(destination);
            host.CopyTo(destination[branch.Length..]);
            branchLength = branch.Length;
            hostLength = host.Length;
            return true;
        }
    }

    /// <summary>
    /// The tag of the To or From field as bytes, for comparing or looking up without a string: a slice of the received
    /// bytes when the field was received unfolded, else <see cref="ToTag"/>'s or <see cref="FromTag"/>'s text encoded.
    /// False when the field has no tag, as those read null. Valid while the message is (its bytes are reused after).
    /// </summary>
    internal bool TryGetTag(HeaderKind kind, out ReadOnlySpan<byte> tag)
    {
        if (kind is not (HeaderKind.To or HeaderKind.From))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "only To and From carry a dialog tag");
        }

        if (TryScannedTag(kind, out var found, out tag))
        {
            return found;
        }

        var i = Headers.IndexOf(kind);
        if (i < 0)
        {
            return false;
        }

        var raw = Headers[i].RawValue;
        if (!raw.IsEmpty && raw.IndexOfAny((byte)'\r', (byte)'\n') < 0 && NameAddress.TryScan(raw, out var parts) && !parts.IsWildcard)
        {
            tag = parts.Tag;
            return parts.HasTag;
        }

        // Folded, built, or refused by the scan: as the text reads, which is rare enough to encode.
        var text = kind == HeaderKind.To ? ToTag : FromTag;
        tag = text is null ? default : Encoding.UTF8.GetBytes(text);
        return text is not null;
    }

    private string? TagOf(HeaderKind kind, Views view, NameAddress? parsed)
    {
        if (_viewsVersion == Headers.Version && (_viewsRead & view) != 0)
        {
            return parsed?.Tag;
        }

        if (TryScannedTag(kind, out var found, out var scanned))
        {
            return found ? Encoding.UTF8.GetString(scanned) : null;
        }

        if (!Headers.Contains(kind))
        {
            return null;
        }

        return TryReadFirst(kind, false, static (ReadOnlySpan<byte> text, out string? tag) =>
            {
                tag = null;
                if (!NameAddress.TryScan(text, out var parts) || parts.IsWildcard)
                {
                    return false;
                }

                if (parts.HasTag)
                {
                    tag = Encoding.UTF8.GetString(parts.Tag);
                }

                return true;
            }, out var tag)
            ? tag
            : (kind == HeaderKind.To ? To : From)?.Tag; // what the view makes of a value the scan refuses (null when it does not parse)
    }
}
