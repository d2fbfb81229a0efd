using System.Buffers;
using System.Net;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The URI grammar over UTF-8 bytes: one implementation, which the parser's validation runs without building anything
/// and <see cref="Create"/> turns into a <see cref="SipUri"/>.
/// </summary>
public sealed partial class SipUri
{
    // paramchar lives with UriParameterReader.
    private static readonly SearchValues<byte> s_userChars = SipGrammar.BytesOf(SipGrammar.UserChars);
    private static readonly SearchValues<byte> s_passwordChars = SipGrammar.BytesOf(SipGrammar.PasswordChars);
    private static readonly SearchValues<byte> s_hostChars = SipGrammar.BytesOf(SipGrammar.HostChars);

    /// <summary>Bytes no opaque URI or <c>?headers</c> part may hold.</summary>
    private static ReadOnlySpan<byte> Delimiters => " \t\r\n<>\""u8;

    /// <summary>
    /// SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ] (RFC 3261 §19.1.1, §25.1), and SIPS-URI alike;
    /// another scheme only needs a valid scheme and a non-empty rest without delimiters.
    /// </summary>
    internal static bool TryScan(ReadOnlySpan<byte> text, out SipUriParts parts) =>
        ScanPlain(text, out parts) == text.Length || TryScanGeneral(text, out parts);

    /// <summary><see cref="TryScan"/> by the whole grammar, for any URI.</summary>
    internal static bool TryScanGeneral(ReadOnlySpan<byte> text, out SipUriParts parts)
    {
        parts = default;
        var colon = text.IndexOf((byte)':');
        if (colon <= 0 || !IsScheme(text[..colon]))
        {
            return false;
        }

        var scheme = text[..colon];
        var rest = text[(colon + 1)..];
        if (!IsSipScheme(scheme))
        {
            if (rest.IsEmpty || rest.ContainsAny(Delimiters))
            {
                return false;
            }

            parts = new SipUriParts { Scheme = scheme, Opaque = rest };
            return true;
        }

        ReadOnlySpan<byte> user = default;
        ReadOnlySpan<byte> password = default;
        var at = rest.IndexOf((byte)'@');
        var passwordColon = -1;
        if (at >= 0)
        {
            var userInfo = rest[..at];
            passwordColon = userInfo.IndexOf((byte)':');
            user = passwordColon < 0 ? userInfo : userInfo[..passwordColon];
            password = passwordColon < 0 ? default : userInfo[(passwordColon + 1)..];
            if (user.IsEmpty || !SipGrammar.IsEscapedOf(user, s_userChars) || (!password.IsEmpty && !SipGrammar.IsEscapedOf(password, s_passwordChars)))
            {
                return false;
            }

            rest = rest[(at + 1)..];
        }

        ReadOnlySpan<byte> headers = default;
        var q = rest.IndexOf((byte)'?');
        if (q >= 0)
        {
            headers = rest[(q + 1)..];
            if (headers.IsEmpty || headers.ContainsAny(Delimiters))
            {
                return false;
            }

            rest = rest[..q];
        }

        var semi = rest.IndexOf((byte)';');
        var parameters = semi < 0 ? default : rest[semi..];
        if (!TryScanHostPort(semi < 0 ? rest : rest[..semi], out var host, out var port) || !UriParameterReader.IsValid(parameters))
        {
            return false;
        }

        parts = new SipUriParts
        {
            Scheme = scheme,
            IsSip = true,
            User = user,
            HasPassword = passwordColon >= 0,
            Password = password,
            Host = host,
            Port = port,
            Parameters = parameters,
            Headers = headers,
        };
        return true;
    }

    /// <summary>hostport = host [ ":" port ]; host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1).</summary>
    internal static bool TryScanHostPort(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> host, out int? port)
    {
        host = default;
        port = null;
        ReadOnlySpan<byte> hostPart;
        ReadOnlySpan<byte> portPart = default;
        var hasPort = false;
        if (text.StartsWith("["u8))
        {
            var close = text.IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            hostPart = text[..(close + 1)];
            var after = text[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                portPart = after[1..];
                hasPort = true;
            }

            // An address with a ':' is read as IPv6 (as IPAddress.TryParse decides), so this admits IPv6 only.
            var address = hostPart[1..^1];
            if (!address.Contains((byte)':') || !IPAddress.IsValidUtf8(address))
            {
                return false;
            }
        }
        else
        {
            var c = text.LastIndexOf((byte)':');
            hostPart = c < 0 ? text : text[..c];
            portPart = c < 0 ? default : text[(c + 1)..];
            hasPort = c >= 0;
            if (!IsHostName(hostPart))
            {
                return false;
            }
        }

        if (hasPort)
        {
            if (portPart.IsEmpty || portPart.Length > 5 || !SipGrammar.TryParseDigits(portPart, out var p) || p > 65535)
            {
                return false;
            }

            port = (int)p;
        }

        host = hostPart;
        return true;
    }

    /// <summary>scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).</summary>
    private static bool IsScheme(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter((char)s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit((char)c) || c is (byte)'+' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// "sip" or "sips", case-insensitively, of a valid scheme: OR 0x20 lower-cases a letter and maps no other scheme
    /// character onto s, i or p, so it compares exactly without a call.
    /// </summary>
    private static bool IsSipScheme(ReadOnlySpan<byte> s) =>
        s.Length is 3 or 4 && (s[0] | 0x20) == 's' && (s[1] | 0x20) == 'i' && (s[2] | 0x20) == 'p' && (s.Length == 3 || (s[3] | 0x20) == 's');

    /// <summary>hostname = *( domainlabel "." ) toplabel [ "." ]; IPv4 is accepted here too (same characters).</summary>
    private static bool IsHostName(ReadOnlySpan<byte> s) =>
        !s.IsEmpty && s.Length <= 255 && !s.ContainsAnyExcept(s_hostChars) && s[0] != '.' && s[0] != '-';
}
