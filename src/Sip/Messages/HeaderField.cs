using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// One header field as it appeared in the message (or as we built it). A parsed field keeps a slice of the
/// received buffer, so a header the stack never reads costs no string.
/// </summary>
public readonly struct HeaderField
{
    // 24 bytes, since a message keeps an array of these: one reference, three offsets, the kind and one flag. _source
    // is the received buffer (the field is _length bytes at _start, from its name to the end of its value, the value at
    // _valueStart within it), the value as a string for a field we built, or its name and value for an extension header
    // we built. A received value decoded to text is cached by SipHeaders, not here, which would cost every field a
    // reference.
    private readonly object? _source;
    private readonly int _start;
    private readonly int _length;
    private readonly int _valueStart;

    public HeaderField(HeaderKind kind, string value)
    {
        Kind = kind;
        _source = value;
    }

    public HeaderField(string name, string value)
    {
        Kind = HeaderDescriptor.FindByName(name);
        _source = Kind == HeaderKind.Unknown ? new NamedValue(name, value) : value;
    }

    /// <summary>A field over received bytes: <paramref name="line"/> runs from the name to the end of the value.</summary>
    internal HeaderField(HeaderKind kind, ReadOnlyMemory<byte> line, int valueStart)
        : this(kind, ArrayOf(line), valueStart, isOneLine: false)
    {
    }

    /// <summary>
    /// A field over received bytes as <see cref="HeaderField(HeaderKind, ReadOnlyMemory{byte}, int)"/>;
    /// <paramref name="isOneLine"/> when the parser saw no CR or LF in the value.
    /// </summary>
    internal HeaderField(HeaderKind kind, ArraySegment<byte> line, int valueStart, bool isOneLine)
    {
        Kind = kind;
        IsOneLine = isOneLine;
        _source = line.Array;
        _start = line.Offset;
        _length = line.Count;
        _valueStart = valueStart;
    }

    public HeaderKind Kind { get; }

    /// <summary>The canonical name for a known header, the received name otherwise.</summary>
    public string Name => Kind != HeaderKind.Unknown
        ? HeaderDescriptor.Get(Kind).Name
        : _source is NamedValue built ? built.Name : Encoding.ASCII.GetString(RawName);

    /// <summary>
    /// A received value the parser found to hold no CR or LF, so a reader need not look for folding; false when that
    /// is not known.
    /// </summary>
    internal bool IsOneLine { get; }

    /// <summary>True when the value is still the received bytes.</summary>
    public bool IsRaw => _source is byte[];

    /// <summary>The received name bytes of an unknown header; empty for a known header or a field we built.</summary>
    internal ReadOnlySpan<byte> RawName
    {
        get
        {
            // field-name = token, so the name is the token the line starts with.
            var line = Line;
            return Kind != HeaderKind.Unknown || line.IsEmpty ? default : line[..line.IndexOfAnyExcept(SipGrammar.TokenBytes)];
        }
    }

    /// <summary>The received value bytes (folding included); empty for a field we built.</summary>
    public ReadOnlySpan<byte> RawValue => Line[_valueStart..];

    private ReadOnlySpan<byte> Line => _source is byte[] buffer ? buffer.AsSpan(_start, _length) : default;

    /// <summary>The value as text, with line folding replaced by a single space (RFC 3261 §7.3.1).</summary>
    public string Value => _source switch
    {
        string value => value,
        NamedValue built => built.Value,
        _ => DecodeValue(RawValue),
    };

    public bool NameEquals(string name)
    {
        if (Kind != HeaderKind.Unknown)
        {
            return HeaderDescriptor.FindByName(name) == Kind;
        }

        // A received name is compared as bytes, so looking up an extension header decodes nothing.
        return _source is NamedValue built
            ? string.Equals(built.Name, name, StringComparison.OrdinalIgnoreCase)
            : Ascii.EqualsIgnoreCase(RawName, name);
    }

    /// <summary>
    /// Copies a received value with each fold (LWS = [*WSP CRLF] 1*WSP, RFC 3261 §25.1) turned into one SP: the
    /// whitespace before the line end, the line end and the whitespace after it. Returns the length written, which is
    /// never more than <paramref name="raw"/>'s.
    /// </summary>
    internal static int Unfold(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var written = 0;
        while (true)
        {
            var lineEnd = raw.IndexOfAny((byte)'\r', (byte)'\n');
            if (lineEnd < 0)
            {
                raw.CopyTo(destination[written..]);
                return written + raw.Length;
            }

            var kept = raw[..lineEnd].TrimWspEnd();
            kept.CopyTo(destination[written..]);
            written += kept.Length;
            destination[written++] = (byte)' ';
            var next = raw[lineEnd..].IndexOfAnyExcept(" \t\r\n"u8);
            if (next < 0)
            {
                return written;
            }

            raw = raw[(lineEnd + next)..];
        }
    }

    /// <summary>Only arrays are kept as the source; other memory (none of ours) is copied once.</summary>
    internal static ArraySegment<byte> ArrayOf(ReadOnlyMemory<byte> line) =>
        MemoryMarshal.TryGetArray(line, out var segment) ? segment : new ArraySegment<byte>(line.ToArray());

    private static string DecodeValue(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        var text = Encoding.UTF8.GetString(rented, 0, Unfold(raw, rented));
        ArrayPool<byte>.Shared.Return(rented);
        return text;
    }

    public override string ToString() => $"{Name}: {Value}";

    /// <summary>An extension header we built: its name as given, and its value.</summary>
    private sealed record NamedValue(string Name, string Value);
}
