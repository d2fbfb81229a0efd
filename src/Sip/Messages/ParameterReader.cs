using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// Reads <c>*( SEMI generic-param )</c>, generic-param = token [ EQUAL gen-value ] (RFC 3261 §25.1), one parameter at a
/// time over UTF-8 bytes without allocating. Quoted values may contain ';'. The one implementation of the rule: both
/// <see cref="SipParameters"/> and the validators read header parameters through it. A URI's own parameters follow
/// another rule (<see cref="UriParameterReader"/>).
/// </summary>
internal ref struct ParameterReader
{
    private ReadOnlySpan<byte> _rest;

    /// <param name="text">Starts at the first ';' (LWS around it allowed), or is empty.</param>
    public ParameterReader(ReadOnlySpan<byte> text) => _rest = text.TrimWsp();

    public ReadOnlySpan<byte> Name { get; private set; }

    /// <summary>The value as received (quoted strings keep their quotes); empty when <see cref="HasValue"/> is false.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    public bool HasValue { get; private set; }

    /// <summary>Set when <see cref="MoveNext"/> stopped at a fault (an empty name, a name that is no token, an open quote).</summary>
    public bool Failed { get; private set; }

    public bool MoveNext()
    {
        var text = _rest;
        if (text.IsEmpty)
        {
            return false;
        }

        if (text[0] != ';')
        {
            return Fail();
        }

        text = text[1..].TrimWspStart();

        // The item ends at a ';' outside quotes; inside quotes a backslash escapes the next byte.
        var end = 0;
        var inQuotes = false;
        while (true)
        {
            var next = inQuotes ? text[end..].IndexOfAny((byte)'"', (byte)'\\') : text[end..].IndexOfAny((byte)';', (byte)'"');
            if (next < 0)
            {
                end = text.Length;
                break;
            }

            end += next;
            if (text[end] == ';')
            {
                break;
            }

            if (text[end] == '\\')
            {
                end += 2;
                if (end >= text.Length)
                {
                    end = text.Length;
                    break;
                }

                continue;
            }

            inQuotes = !inQuotes;
            end++;
        }

        if (inQuotes)
        {
            return Fail();
        }

        var item = text[..end];
        var eq = item.IndexOf((byte)'=');
        Name = (eq < 0 ? item : item[..eq]).TrimWsp();
        if (!SipGrammar.IsToken(Name))
        {
            return Fail();
        }

        HasValue = eq >= 0;
        Value = eq < 0 ? default : item[(eq + 1)..].TrimWsp();
        _rest = text[end..];
        return true;
    }

    /// <summary>Reads to the end: true when every parameter is well formed.</summary>
    public static bool IsValid(ReadOnlySpan<byte> text) => IsValid(text, default, out _, out _);

    /// <summary>
    /// <see cref="IsValid(ReadOnlySpan{byte})"/>, finding on the way what <see cref="TryFind"/> would: the value of the
    /// first parameter called <paramref name="name"/>; <paramref name="hasValue"/> only when that one has a value.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name, out bool hasValue, out ReadOnlySpan<byte> value)
    {
        if (TryReadPlain(text, name, out hasValue, out value))
        {
            return true;
        }

        hasValue = false;
        value = default;
        var seen = name.IsEmpty;
        var reader = new ParameterReader(text);
        while (reader.MoveNext())
        {
            if (!seen && Ascii.EqualsIgnoreCase(reader.Name, name))
            {
                seen = true;
                hasValue = reader.HasValue;
                value = reader.Value;
            }
        }

        return !reader.Failed;
    }

    /// <summary>
    /// The shape nearly all header parameters have, *( ";" token [ "=" token ] ) with no LWS or quotes, read in one pass:
    /// true when <paramref name="text"/> is of it, with what <see cref="IsValid(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out bool, out ReadOnlySpan{byte})"/>
    /// would find; false leaves the text to the general reading (the outs then mean nothing).
    /// </summary>
    internal static bool TryReadPlain(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name, out bool hasValue, out ReadOnlySpan<byte> value)
    {
        hasValue = false;
        value = default;
        var seen = false;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != ';')
            {
                return false;
            }

            var nameEnd = PlainBytes.RunEnd(text, i + 1, PlainBytes.Token);
            if (nameEnd == i + 1)
            {
                return false;
            }

            var end = nameEnd;
            if (end < text.Length && text[end] == '=')
            {
                end = PlainBytes.RunEnd(text, nameEnd + 1, PlainBytes.Token);
                if (end == nameEnd + 1)
                {
                    return false;
                }
            }

            // The length settles most names without the compare's call.
            if (!seen && nameEnd - i - 1 == name.Length && Ascii.EqualsIgnoreCase(text[(i + 1)..nameEnd], name))
            {
                seen = true;
                hasValue = end > nameEnd;
                value = hasValue ? text[(nameEnd + 1)..end] : default;
            }

            i = end;
        }

        return true;
    }

    /// <summary>The value of the first parameter called <paramref name="name"/> (names are case-insensitive).</summary>
    public static bool TryFind(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name, out bool hasValue, out ReadOnlySpan<byte> value)
    {
        var reader = new ParameterReader(text);
        while (reader.MoveNext())
        {
            if (Ascii.EqualsIgnoreCase(reader.Name, name))
            {
                hasValue = reader.HasValue;
                value = reader.Value;
                return true;
            }
        }

        hasValue = false;
        value = default;
        return false;
    }

    private bool Fail()
    {
        Failed = true;
        _rest = default;
        return false;
    }
}
