using System.Buffers;
using System.Globalization;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>Character classes from the RFC 3261 §25.1 ABNF.</summary>
public static class SipGrammar
{
    /// <summary>alphanum = ALPHA / DIGIT.</summary>
    internal const string AlphaNum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    internal const string TokenChars = AlphaNum + "-.!%*_+`'~";

    // The URI component classes (RFC 3261 §25.1), each alphanum plus its marks; an escape ("%" HEX HEX) is allowed in
    // user, password and paramchar and checked apart.

    /// <summary>user = 1*( unreserved / escaped / user-unreserved ).</summary>
    internal const string UserChars = AlphaNum + "-_.!~*'()&=+$,;?/";

    /// <summary>password = *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," ).</summary>
    internal const string PasswordChars = AlphaNum + "-_.!~*'()&=+$,";

    /// <summary>hostname characters; IPv4 uses the same ones.</summary>
    internal const string HostChars = AlphaNum + "-._";

    /// <summary>paramchar = param-unreserved / unreserved / escaped.</summary>
    internal const string ParamChars = AlphaNum + "-_.!~*'()[]/:&+$";

    private static readonly SearchValues<char> s_token = SearchValues.Create(TokenChars);

    private static readonly SearchValues<byte> s_tokenBytes = SearchValues.Create(Encoding.ASCII.GetBytes(TokenChars));

    /// <summary>token characters as bytes, for the wire parser.</summary>
    internal static SearchValues<byte> TokenBytes => s_tokenBytes;

    /// <summary>token characters, SP and HTAB: what a display-name of tokens (*(token LWS)) is made of.</summary>
    internal static SearchValues<byte> TokenOrWhitespaceBytes { get; } = SearchValues.Create(Encoding.ASCII.GetBytes(TokenChars + " \t"));

    public static bool IsToken(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExcept(s_token);

    public static bool IsToken(ReadOnlySpan<byte> s) => !s.IsEmpty && !s.ContainsAnyExcept(s_tokenBytes);

    /// <summary>The bytes of one of the classes above.</summary>
    internal static SearchValues<byte> BytesOf(string chars) => SearchValues.Create(Encoding.ASCII.GetBytes(chars));

    /// <summary>Bytes of <paramref name="allowed"/> or escaped = "%" HEX HEX; true for an empty span.</summary>
    internal static bool IsEscapedOf(ReadOnlySpan<byte> s, SearchValues<byte> allowed)
    {
        while (true)
        {
            var i = s.IndexOfAnyExcept(allowed);
            if (i < 0)
            {
                return true;
            }

            if (s[i] != '%' || i + 2 >= s.Length || !char.IsAsciiHexDigit((char)s[i + 1]) || !char.IsAsciiHexDigit((char)s[i + 2]))
            {
                return false;
            }

            s = s[(i + 3)..];
        }
    }

    /// <summary>
    /// What <c>ulong.TryParse(s, NumberStyles.None)</c> reads: all-digit text (the usual case) by hand, since the general
    /// parser costs more than the few digits; other text, some of which it still takes (trailing NULs), goes to it.
    /// </summary>
    internal static bool TryParseDigits(ReadOnlySpan<byte> s, out ulong value)
    {
        if (s.Length is > 0 and <= 19)
        {
            ulong n = 0;
            var i = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                n = (n * 10) + (uint)(s[i] - '0');
                i++;
            }

            if (i == s.Length)
            {
                value = n;
                return true;
            }
        }

        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // Trimming SP and HTAB by hand: MemoryExtensions.Trim with a span of values makes a search call per byte, and these
    // run on every parameter and value the parser checks.

    /// <summary><paramref name="s"/> without leading and trailing SP and HTAB.</summary>
    internal static ReadOnlySpan<byte> TrimWsp(this ReadOnlySpan<byte> s) => s.TrimWspStart().TrimWspEnd();

    /// <summary><paramref name="s"/> without leading SP and HTAB.</summary>
    internal static ReadOnlySpan<byte> TrimWspStart(this ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return s[i..];
    }

    /// <summary><paramref name="s"/> without trailing SP and HTAB.</summary>
    internal static ReadOnlySpan<byte> TrimWspEnd(this ReadOnlySpan<byte> s)
    {
        var n = s.Length;
        while (n > 0 && s[n - 1] is (byte)' ' or (byte)'\t')
        {
            n--;
        }

        return s[..n];
    }
}
