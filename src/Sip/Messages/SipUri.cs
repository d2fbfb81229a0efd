using System.Globalization;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// A SIP or SIPS URI (RFC 3261 §19.1): <c>sip:user:password@host:port;uri-parameters?headers</c>.
/// Other schemes are kept opaque (<see cref="IsSip"/> false) so a request can be answered 416.
/// The user part is kept escaped as received; <see cref="UserUnescaped"/> decodes it.
/// </summary>
public sealed class SipUri
{
    private SipUri(string scheme)
    {
        Scheme = scheme;
    }

    public SipUri(string scheme, string? user, string host, int? port = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(host);
        Scheme = CommonTokens.Scheme(scheme);
        User = user;
        Host = host;
        Port = port;
    }

    /// <summary>Lower-case scheme: sip, sips, tel, or whatever an unknown URI used.</summary>
    public string Scheme { get; }

    public bool IsSip => Scheme is "sip" or "sips";

    public string? User { get; private set; }

    public string? Password { get; private set; }

    /// <summary>Host name, IPv4 address, or bracketed IPv6 reference (<c>[::1]</c>); empty for non-SIP URIs.</summary>
    public string Host { get; private set; } = "";

    public int? Port { get; private set; }

    public SipParameters Parameters { get; private set; } = new();

    /// <summary>The <c>?headers</c> part, without the '?', as received.</summary>
    public string? Headers { get; private set; }

    /// <summary>Everything after the scheme's colon, for URIs that are not SIP.</summary>
    public string? Opaque { get; private set; }

    public string? Transport => Parameters.Get("transport");

    public bool IsLooseRouter => Parameters.Contains("lr");

    /// <summary>The user part with %HH escapes decoded (RFC 3261 §19.1.2); null when there is no user.</summary>
    public string? UserUnescaped => User is null ? null : Unescape(User);

    /// <summary>Host without IPv6 brackets, for address parsing.</summary>
    public string HostWithoutBrackets => Host.StartsWith('[') ? Host[1..^1] : Host;

    /// <summary>user@host, the address-of-record form used to look up a contact.</summary>
    public string AddressOfRecord => User is null ? Host : $"{UserUnescaped}@{Host}";

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        AppendTo(sb);
        return sb.ToString();
    }

    public void AppendTo(StringBuilder sb)
    {
        sb.Append(Scheme).Append(':');
        if (!IsSip)
        {
            sb.Append(Opaque);
            return;
        }

        if (User is not null)
        {
            sb.Append(User);
            if (Password is not null)
            {
                sb.Append(':').Append(Password);
            }

            sb.Append('@');
        }

        sb.Append(Host);
        if (Port is { } port)
        {
            sb.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        Parameters.AppendTo(sb);
        if (Headers is not null)
        {
            sb.Append('?').Append(Headers);
        }
    }

    /// <summary>A copy without the <c>?headers</c> part, which RFC 3261 §19.1.5 forbids in a Request-URI.</summary>
    public SipUri WithoutHeaders()
    {
        var copy = (SipUri)MemberwiseClone();
        copy.Headers = null;
        return copy;
    }

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"not a SIP URI: {SipFailure.Sanitize(text)}");

    /// <summary>Parses an absolute URI. SIP/SIPS are checked against the grammar; other schemes only need a valid scheme.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SipUri uri)
    {
        uri = null!;
        var colon = text.IndexOf(':');
        if (colon <= 0 || !IsScheme(text[..colon]))
        {
            return false;
        }

        var scheme = CommonTokens.Scheme(text[..colon]);
        var rest = text[(colon + 1)..];
        if (scheme is not ("sip" or "sips"))
        {
            if (rest.IsEmpty || rest.ContainsAny(" \t\r\n<>\""))
            {
                return false;
            }

            uri = new SipUri(scheme) { Opaque = rest.ToString() };
            return true;
        }

        var result = new SipUri(scheme);
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var pc = userInfo.IndexOf(':');
            var user = pc < 0 ? userInfo : userInfo[..pc];
            if (user.IsEmpty || !IsValidEscaped(user, UserChars))
            {
                return false;
            }

            result.User = user.ToString();
            if (pc >= 0)
            {
                var password = userInfo[(pc + 1)..];
                if (!IsValidEscaped(password, PasswordChars))
                {
                    return false;
                }

                result.Password = password.ToString();
            }

            rest = rest[(at + 1)..];
        }

        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            var headers = rest[(q + 1)..];
            if (headers.IsEmpty || headers.ContainsAny(" \t\r\n<>\""))
            {
                return false;
            }

            result.Headers = headers.ToString();
            rest = rest[..q];
        }

        var semi = rest.IndexOf(';');
        var hostPort = semi < 0 ? rest : rest[..semi];
        if (!TryParseHostPort(hostPort, out var host, out var port))
        {
            return false;
        }

        result.Host = host;
        result.Port = port;
        if (semi >= 0)
        {
            if (!SipParameters.TryParse(rest[semi..], out var ps) || !AllParamsValid(ps))
            {
                return false;
            }

            result.Parameters = ps;
        }

        uri = result;
        return true;
    }

    /// <summary>host[:port] where host is a hostname, IPv4 address or [IPv6] reference (RFC 3261 §25.1 hostport).</summary>
    public static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port)
    {
        host = "";
        port = null;
        ReadOnlySpan<char> hostPart;
        ReadOnlySpan<char> portPart = default;
        if (text.StartsWith("["))
        {
            var close = text.IndexOf(']');
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
                if (portPart.IsEmpty)
                {
                    return false;
                }
            }

            if (!System.Net.IPAddress.TryParse(hostPart[1..^1], out var v6) ||
                v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var c = text.LastIndexOf(':');
            hostPart = c < 0 ? text : text[..c];
            if (c >= 0)
            {
                portPart = text[(c + 1)..];
                if (portPart.IsEmpty)
                {
                    return false;
                }
            }

            if (!IsHostName(hostPart))
            {
                return false;
            }
        }

        if (!portPart.IsEmpty)
        {
            if (portPart.Length > 5 || !int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
            {
                return false;
            }

            port = p;
        }

        host = hostPart.ToString();
        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        if (s.IsEmpty || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    // hostname = *( domainlabel "." ) toplabel [ "." ]; we also accept IPv4 here (same character set).
    private static bool IsHostName(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > 255)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                return false;
            }
        }

        return s[0] != '.' && s[0] != '-';
    }

    private const string UserChars = "-_.!~*'()&=+$,;?/";
    private const string PasswordChars = "-_.!~*'()&=+$,";
    private const string ParamChars = "-_.!~*'()[]/:&+$";

    private static bool AllParamsValid(SipParameters ps)
    {
        foreach (var (name, value) in ps)
        {
            if (!IsValidEscaped(name, ParamChars) || (value is not null && !IsValidEscaped(value, ParamChars)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>unreserved / escaped / the given extra characters.</summary>
    private static bool IsValidEscaped(ReadOnlySpan<char> s, string extra)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    return false;
                }

                i += 2;
                continue;
            }

            if (!char.IsAsciiLetterOrDigit(c) && !extra.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static string Unescape(string s)
    {
        if (!s.Contains('%', StringComparison.Ordinal))
        {
            return s;
        }

        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length &&
                byte.TryParse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
