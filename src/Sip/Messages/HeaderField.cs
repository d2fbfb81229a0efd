using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// One header field as it appeared in the message (or as we built it). A parsed field keeps slices of the
/// received buffer, so a header the stack never reads costs no string.
/// </summary>
public readonly struct HeaderField
{
    private readonly string? _name;
    private readonly string? _value;
    private readonly ReadOnlyMemory<byte> _rawName;
    private readonly ReadOnlyMemory<byte> _rawValue;

    public HeaderField(HeaderKind kind, string value)
    {
        Kind = kind;
        _value = value;
    }

    public HeaderField(string name, string value)
    {
        Kind = HeaderDescriptor.FindByName(name);
        _name = Kind == HeaderKind.Unknown ? name : null;
        _value = value;
    }

    /// <summary>A field over received bytes; <paramref name="rawName"/> is only kept for unknown headers.</summary>
    internal HeaderField(HeaderKind kind, ReadOnlyMemory<byte> rawName, ReadOnlyMemory<byte> rawValue)
    {
        Kind = kind;
        _rawName = kind == HeaderKind.Unknown ? rawName : default;
        _rawValue = rawValue;
    }

    /// <summary>A received field with its decoded text cached beside the bytes.</summary>
    private HeaderField(in HeaderField received, string value)
    {
        Kind = received.Kind;
        _name = received._name;
        _rawName = received._rawName;
        _rawValue = received._rawValue;
        _value = value;
    }

    public HeaderKind Kind { get; }

    internal HeaderField WithDecodedValue(string value) => new(this, value);

    /// <summary>The canonical name for a known header, the received name otherwise.</summary>
    public string Name => Kind != HeaderKind.Unknown
        ? HeaderDescriptor.Get(Kind).Name
        : _name ?? Encoding.ASCII.GetString(_rawName.Span);

    /// <summary>True when the value is still the received bytes.</summary>
    public bool IsRaw => _value is null;

    /// <summary>The received name bytes of an unknown header; empty for a known header or a field we built.</summary>
    internal ReadOnlySpan<byte> RawName => _rawName.Span;

    /// <summary>The received value bytes (folding included); empty for a field we built.</summary>
    public ReadOnlySpan<byte> RawValue => _rawValue.Span;

    /// <summary>The value as text, with line folding replaced by a single space (RFC 3261 §7.3.1).</summary>
    public string Value => _value ?? DecodeValue(_rawValue.Span);

    public bool NameEquals(string name)
    {
        if (Kind != HeaderKind.Unknown)
        {
            return HeaderDescriptor.FindByName(name) == Kind;
        }

        // A received name is compared as bytes, so looking up an extension header decodes nothing.
        return _name is null
            ? Ascii.EqualsIgnoreCase(_rawName.Span, name)
            : string.Equals(_name, name, StringComparison.OrdinalIgnoreCase);
    }

    private static string DecodeValue(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        // Folded value: each CRLF (or bare LF) plus the whitespace after it collapses to one space.
        var text = Encoding.UTF8.GetString(raw);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or ' ' or '\t')
                {
                    i++;
                }

                while (sb.Length > 0 && sb[^1] is ' ' or '\t')
                {
                    sb.Length--;
                }

                sb.Append(' ');
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    public override string ToString() => $"{Name}: {Value}";
}
