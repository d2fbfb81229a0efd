using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// The parameters of one Digest Authorization value, as spans over it (quoted strings unquoted; one with a
/// quoted-pair is copied unescaped). Read by <see cref="TryRead"/>, which checks the syntax and nothing else:
/// <code>
/// credentials     = "Digest" LWS digest-response                      ; RFC 3261 §25.1
/// digest-response = dig-resp *(COMMA dig-resp)
/// dig-resp        = username / realm / nonce / digest-uri / dresponse / algorithm / cnonce / opaque
///                   / message-qop / nonce-count / auth-param         ; auth-param = token EQUAL ( token / quoted-string )
/// </code>
/// Every value is taken as a token or a quoted string whatever the grammar says of its name, as clients differ
/// (qop="auth" is common); a name given twice is refused, an unknown one skipped.
/// </summary>
internal ref struct DigestAnswer
{
    public ReadOnlySpan<byte> Username;
    public ReadOnlySpan<byte> Realm;
    public ReadOnlySpan<byte> Nonce;
    public ReadOnlySpan<byte> Uri;
    public ReadOnlySpan<byte> Response;
    public ReadOnlySpan<byte> Algorithm;
    public ReadOnlySpan<byte> Qop;
    public ReadOnlySpan<byte> NonceCount;
    public ReadOnlySpan<byte> Cnonce;
    public ReadOnlySpan<byte> UserHash;

    private Parameter _seen;

    [Flags]
    private enum Parameter
    {
        None = 0,
        Username = 1,
        Realm = 2,
        Nonce = 4,
        Uri = 8,
        Response = 16,
        Algorithm = 32,
        Qop = 64,
        NonceCount = 128,
        Cnonce = 256,
        UserHash = 512,
        Opaque = 1024,
    }

    public readonly bool HasUsername => (_seen & Parameter.Username) != 0;

    public readonly bool HasAlgorithm => (_seen & Parameter.Algorithm) != 0;

    public readonly bool HasQop => (_seen & Parameter.Qop) != 0;

    /// <summary>The first required parameter (RFC 3261 §22.4) the answer lacks, or null.</summary>
    public readonly string? MissingRequired() =>
        (~_seen & (Parameter.Username | Parameter.Realm | Parameter.Nonce | Parameter.Uri | Parameter.Response)) switch
        {
            0 => null,
            var missing when (missing & Parameter.Username) != 0 => "username",
            var missing when (missing & Parameter.Realm) != 0 => "realm",
            var missing when (missing & Parameter.Nonce) != 0 => "nonce",
            var missing when (missing & Parameter.Uri) != 0 => "uri",
            _ => "response",
        };

    /// <summary>
    /// Reads <paramref name="value"/>: false with <paramref name="isDigest"/> false for another scheme (Basic, NTLM…),
    /// false with <paramref name="error"/> for a Digest value that breaks the grammar.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out DigestAnswer answer, out bool isDigest, out string? error)
    {
        answer = default;
        error = null;
        value = value.Trim(" \t"u8);
        var schemeEnd = value.IndexOfAnyExcept(SipGrammar.TokenBytes);
        var scheme = schemeEnd < 0 ? value : value[..schemeEnd];
        isDigest = Ascii.EqualsIgnoreCase(scheme, "Digest"u8);
        if (!isDigest)
        {
            return false;
        }

        var rest = value[scheme.Length..];
        if (rest.IsEmpty || rest[0] is not ((byte)' ' or (byte)'\t'))
        {
            error = "no parameters after Digest";
            return false;
        }

        rest = rest.TrimStart(" \t"u8);
        while (true)
        {
            var nameEnd = rest.IndexOfAnyExcept(SipGrammar.TokenBytes);
            var name = nameEnd < 0 ? rest : rest[..nameEnd];
            if (name.IsEmpty)
            {
                error = "a parameter without a name";
                return false;
            }

            rest = rest[name.Length..].TrimStart(" \t"u8);
            if (rest.IsEmpty || rest[0] != '=')
            {
                error = $"{Printable(name)} without '='";
                return false;
            }

            rest = rest[1..].TrimStart(" \t"u8);
            var consumed = ValueLength(rest, out var escaped, out error);
            if (consumed < 0)
            {
                return false;
            }

            ReadOnlySpan<byte> item = rest[0] == '"' ? rest[1..(consumed - 1)] : rest[..consumed];
            if (!answer.TrySet(name, escaped ? Unescape(item) : item, out error))
            {
                return false;
            }

            rest = rest[consumed..].TrimStart(" \t"u8);
            if (rest.IsEmpty)
            {
                return true;
            }

            if (rest[0] != ',')
            {
                error = $"no comma after {Printable(name)}";
                return false;
            }

            rest = rest[1..].TrimStart(" \t"u8);
        }
    }

    /// <summary>
    /// The length of the token or quoted-string <paramref name="rest"/> starts with, quotes included; -1 with
    /// <paramref name="error"/> when there is none (RFC 3261 §25.1: quoted-pair = "\" any byte but CR and LF).
    /// </summary>
    private static int ValueLength(ReadOnlySpan<byte> rest, out bool escaped, out string? error)
    {
        escaped = false;
        error = null;
        if (rest.IsEmpty || rest[0] != '"')
        {
            var end = rest.IndexOfAnyExcept(SipGrammar.TokenBytes);
            var length = end < 0 ? rest.Length : end;
            if (length == 0)
            {
                error = "a parameter with an empty value";
                return -1;
            }

            return length;
        }

        for (var i = 1; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case (byte)'"':
                    return i + 1;
                case (byte)'\\' when i + 1 < rest.Length && rest[i + 1] is not ((byte)'\r' or (byte)'\n'):
                    escaped = true;
                    i++;
                    break;
                case (byte)'\r' or (byte)'\n' or (byte)'\\':
                    error = "a bad byte in a quoted string";
                    return -1;
            }
        }

        error = "a quoted string that does not end";
        return -1;
    }

    private static byte[] Unescape(ReadOnlySpan<byte> quoted)
    {
        var bytes = new byte[quoted.Length];
        var n = 0;
        for (var i = 0; i < quoted.Length; i++)
        {
            bytes[n++] = quoted[i] == '\\' ? quoted[++i] : quoted[i];
        }

        return bytes[..n];
    }

    private bool TrySet(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out string? error)
    {
        error = null;
        var parameter = ParameterOf(name);
        if (parameter == Parameter.None)
        {
            return true;
        }

        if ((_seen & parameter) != 0)
        {
            error = $"{Printable(name)} given twice";
            return false;
        }

        _seen |= parameter;
        switch (parameter)
        {
            case Parameter.Username: Username = value; break;
            case Parameter.Realm: Realm = value; break;
            case Parameter.Nonce: Nonce = value; break;
            case Parameter.Uri: Uri = value; break;
            case Parameter.Response: Response = value; break;
            case Parameter.Algorithm: Algorithm = value; break;
            case Parameter.Qop: Qop = value; break;
            case Parameter.NonceCount: NonceCount = value; break;
            case Parameter.Cnonce: Cnonce = value; break;
            case Parameter.UserHash: UserHash = value; break;
        }

        return true;
    }

    private static Parameter ParameterOf(ReadOnlySpan<byte> name) =>
        Ascii.EqualsIgnoreCase(name, "username"u8) ? Parameter.Username
        : Ascii.EqualsIgnoreCase(name, "realm"u8) ? Parameter.Realm
        : Ascii.EqualsIgnoreCase(name, "nonce"u8) ? Parameter.Nonce
        : Ascii.EqualsIgnoreCase(name, "uri"u8) ? Parameter.Uri
        : Ascii.EqualsIgnoreCase(name, "response"u8) ? Parameter.Response
        : Ascii.EqualsIgnoreCase(name, "algorithm"u8) ? Parameter.Algorithm
        : Ascii.EqualsIgnoreCase(name, "qop"u8) ? Parameter.Qop
        : Ascii.EqualsIgnoreCase(name, "nc"u8) ? Parameter.NonceCount
        : Ascii.EqualsIgnoreCase(name, "cnonce"u8) ? Parameter.Cnonce
        : Ascii.EqualsIgnoreCase(name, "userhash"u8) ? Parameter.UserHash
        : Ascii.EqualsIgnoreCase(name, "opaque"u8) ? Parameter.Opaque
        : Parameter.None;

    /// <summary>A parameter name for a reason phrase: a token, so printable; cut short.</summary>
    private static string Printable(ReadOnlySpan<byte> name) => Encoding.ASCII.GetString(name[..Math.Min(name.Length, 32)]);
}
