using System.Buffers;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// One header field as it appeared in the message (or as we built it). A parsed field keeps a slice of the
/// received buffer, so a header the stack never reads costs no string.
/// </summary>
public readonly struct HeaderField
{
    // A received field is one slice, from its name to the end of its value, so the struct stays small (a message keeps
    // an array of them): the name is the token at its start and the value starts at _valueStart. _text is the value as
    // a string (built, or received and decoded once), or for an extension header we built, its name and value; null
    // while a received value is still only bytes. One reference for both keeps the struct at 32 bytes.
    private readonly ReadOnlyMemory<byte> _line;
    private readonly object? _text;
    private readonly int _valueStart;

    public HeaderField(HeaderKind kind, string value)
    {
        Kind = kind;
        _text = value;
    }

    public HeaderField(string name, string value)
    {
        Kind = HeaderDescriptor.FindByName(name);
        _text = Kind == HeaderKind.Unknown ? new NamedValue(name, value) : value;
    }

    /// <summary>A field over received bytes: <paramref name="line"/> runs from the name to the end of the value.</summary>
    internal HeaderField(HeaderKind kind, ReadOnlyMemory<byte> line, int valueStart)
    {
        Kind = kind;
        _line = line;
        _valueStart = valueStart;
    }

    /// <summary>A received field with its decoded text cached beside the bytes.</summary>
    private HeaderField(in HeaderField received, string value)
    {
        Kind = received.Kind;
        _line = received._line;
        _valueStart = received._valueStart;
        _text = value;
    }

    public HeaderKind Kind { get; }

    internal HeaderField WithDecodedValue(string value) => new(this, value);

    /// <summary>The canonical name for a known header, the received name otherwise.</summary>
    public string Name => Kind != HeaderKind.Unknown
        ? HeaderDescriptor.Get(Kind).Name
        : _text is NamedValue built ? built.Name : Encoding.ASCII.GetString(RawName);

    /// <summary>True when the value is still the received bytes.</summary>
    public bool IsRaw => _text is null;

    /// <summary>The received name bytes of an unknown header; empty for a known header or a field we built.</summary>
    internal ReadOnlySpan<byte> RawName
    {
        get
        {
            // field-name = token, so the name is the token the line starts with.
            var line = _line.Span;
            return Kind != HeaderKind.Unknown || line.IsEmpty ? default : line[..line.IndexOfAnyExcept(SipGrammar.TokenBytes)];
        }
    }

    /// <summary>The received value bytes (folding included); empty for a field we built.</summary>
    public ReadOnlySpan<byte> RawValue => _line.Span[_valueStart..];

    /// <summary>The value as text, with line folding replaced by a single space (RFC 3261 §7.3.1).</summary>
    public string Value => _text switch
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
        return _text is NamedValue built
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

            var kept = raw[..lineEnd].TrimEnd(" \t"u8);
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
