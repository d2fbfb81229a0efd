using System.Buffers;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// Reads uri-parameters = *( ";" pname [ "=" pvalue ] ), pname and pvalue = 1*paramchar (RFC 3261 §25.1), one
/// parameter at a time over UTF-8 bytes without allocating. Not the header rule of <see cref="ParameterReader"/>: a
/// URI has no LWS and no quoted strings, and its names are paramchar rather than token. Escapes are checked, not
/// decoded, so a URI prints back exactly as received.
/// </summary>
internal ref struct UriParameterReader
{
    // The escape of paramchar is checked apart.
    private static readonly SearchValues<byte> s_paramChars = SipGrammar.BytesOf(SipGrammar.ParamChars);

    private ReadOnlySpan<byte> _rest;

    /// <param name="text">Starts at the first ';' and runs to the end of the parameters (before any '?'), or is empty.</param>
    public UriParameterReader(ReadOnlySpan<byte> text) => _rest = text;

    public ReadOnlySpan<byte> Name { get; private set; }

    /// <summary>The value as received, escapes included; empty when <see cref="HasValue"/> is false.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    public bool HasValue { get; private set; }

    /// <summary>Set when <see cref="MoveNext"/> stopped at a fault: a byte outside paramchar, a bad escape, an empty name or value.</summary>
    public bool Failed { get; private set; }

    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        if (_rest[0] != ';')
        {
            return Fail();
        }

        // Neither ';' nor '=' is a paramchar, so the first of each ends the parameter and the name.
        var item = _rest[1..];
        var end = item.IndexOf((byte)';');
        _rest = end < 0 ? default : item[end..];
        item = end < 0 ? item : item[..end];
        var eq = item.IndexOf((byte)'=');
        Name = eq < 0 ? item : item[..eq];
        HasValue = eq >= 0;
        Value = eq < 0 ? default : item[(eq + 1)..];
        if (!IsParamText(Name) || (HasValue && !IsParamText(Value)))
        {
            return Fail();
        }

        return true;
    }

    /// <summary>Reads to the end: true when every parameter is well formed.</summary>
    public static bool IsValid(ReadOnlySpan<byte> text)
    {
        var reader = new UriParameterReader(text);
        while (reader.MoveNext())
        {
            // MoveNext checks each parameter as it reads it.
        }

        return !reader.Failed;
    }

    /// <summary>1*paramchar.</summary>
    private static bool IsParamText(ReadOnlySpan<byte> s) => !s.IsEmpty && SipGrammar.IsEscapedOf(s, s_paramChars);

    private bool Fail()
    {
        Failed = true;
        _rest = default;
        return false;
    }
}
