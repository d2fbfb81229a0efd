using System.Globalization;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// A SIP or SIPS URI (RFC 3261 §19.1): <c>sip:user:password@host:port;uri-parameters?headers</c>.
/// Other schemes are kept opaque (<see cref="IsSip"/> false) so a request can be answered 416.
/// The user part is kept escaped as received; <see cref="UserUnescaped"/> decodes it.
/// </summary>
public sealed partial class SipUri
{
    private SipUri(string scheme)
    {
        Scheme = scheme;
    }

    public SipUri(string scheme, string? user, string host, int? port = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(host);
        Scheme = scheme.ToLowerInvariant();
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

    // Made on first use: most URIs we parse (Request-URI, From, To) have no parameters, and read them without asking.
    private SipParameters? _parameters;

    public SipParameters Parameters
    {
        get => _parameters ??= new();
        private set => _parameters = value;
    }

    /// <summary>The <c>?headers</c> part, without the '?', as received.</summary>
    public string? Headers { get; private set; }

    /// <summary>Everything after the scheme's colon, for URIs that are not SIP.</summary>
    public string? Opaque { get; private set; }

    public string? Transport => _parameters?.Get("transport");

    public bool IsLooseRouter => _parameters?.Contains("lr") == true;

    /// <summary>The user part with %HH escapes decoded (RFC 3261 §19.1.2); null when there is no user.</summary>
    public string? UserUnescaped => User is null ? null : Unescape(User);

    /// <summary>Host without IPv6 brackets, for address parsing.</summary>
    public string HostWithoutBrackets => Host.StartsWith('[') ? Host[1..^1] : Host;

    /// <summary>user@host, the address-of-record form used to look up a contact.</summary>
    public string AddressOfRecord => User is null ? Host : $"{UserUnescaped}@{Host}";

    public override string ToString()
    {
        var sb = CachedStringBuilder.Acquire();
        AppendTo(sb);
        return CachedStringBuilder.ToStringAndRelease(sb);
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
            sb.Append(':').Append(port);
        }

        _parameters?.AppendTo(sb);
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
        using var utf8 = new Utf8Value(text, stackalloc byte[Utf8Value.ScratchBytes]);
        return TryParse(utf8.Span, out uri);
    }

    /// <summary><see cref="TryParse(ReadOnlySpan{char}, out SipUri)"/> over UTF-8 bytes.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out SipUri uri)
    {
        if (!TryScan(text, out var parts))
        {
            uri = null!;
            return false;
        }

        uri = Create(parts);
        return true;
    }

    /// <summary>
    /// Builds the URI <see cref="TryScan"/> accepted. <paramref name="userRepeats"/>: the user is one of a few that come
    /// again and again (a Request-URI names our own rooms and contacts), so it is decoded through <see cref="RecentStrings"/>.
    /// </summary>
    internal static SipUri Create(in SipUriParts parts, bool userRepeats = false)
    {
        var scheme = CommonTokens.Scheme(parts.Scheme);
        if (!parts.IsSip)
        {
            return new SipUri(scheme) { Opaque = Encoding.UTF8.GetString(parts.Opaque) };
        }

        var uri = new SipUri(scheme)
        {
            User = parts.User.IsEmpty ? null : userRepeats ? RecentStrings.Get(parts.User) : Encoding.UTF8.GetString(parts.User),
            Password = parts.HasPassword ? Encoding.UTF8.GetString(parts.Password) : null,
            Host = RecentStrings.Get(parts.Host), // our domains and our peers' hosts, in message after message
            Port = parts.Port,
            Headers = parts.Headers.IsEmpty ? null : Encoding.UTF8.GetString(parts.Headers),
        };
        if (!parts.Parameters.IsEmpty)
        {
            uri.Parameters = SipParameters.FromUri(parts.Parameters);
        }

        return uri;
    }

    /// <summary>host[:port] where host is a hostname, IPv4 address or [IPv6] reference (RFC 3261 §25.1 hostport).</summary>
    public static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port)
    {
        using var utf8 = new Utf8Value(text, stackalloc byte[Utf8Value.ScratchBytes]);
        var ok = TryScanHostPort(utf8.Span, out var hostBytes, out port);
        host = ok ? Encoding.UTF8.GetString(hostBytes) : "";
        return ok;
    }

    /// <summary><see cref="AddressOfRecord"/> for SIP and SIPS, the URI whole (<c>scheme:rest</c>) for another scheme.</summary>
    internal static string AddressOf(SipUri uri) => uri.IsSip ? uri.AddressOfRecord : $"{uri.Scheme}:{uri.Opaque}";

    /// <summary>
    /// <see cref="AddressOf(SipUri)"/> of the URI <see cref="TryScan"/> found, written into the one string; false when it
    /// is too long to write on the stack (the caller then builds the URI).
    /// </summary>
    internal static bool TryAddressOf(in SipUriParts parts, out string address)
    {
        Span<byte> text = stackalloc byte[Utf8Value.ScratchBytes];
        var length = WriteAddressOf(parts, text);
        address = length < 0 ? "" : Encoding.UTF8.GetString(text[..length]);
        return length >= 0;
    }

    /// <summary>
    /// <see cref="AddressOf(SipUri)"/> of the URI <see cref="TryScan"/> found, as UTF-8 into <paramref name="destination"/>:
    /// the user part unescaped as <see cref="Unescape"/> reads it, the scheme of another URI in lower case. The length
    /// written; -1 when it does not fit.
    /// </summary>
    internal static int WriteAddressOf(in SipUriParts parts, Span<byte> destination)
    {
        if (!parts.IsSip)
        {
            if (parts.Scheme.Length + 1 + parts.Opaque.Length > destination.Length)
            {
                return -1;
            }

            // The scheme is ASCII the grammar accepted.
            Ascii.ToLower(parts.Scheme, destination, out var scheme);
            destination[scheme] = (byte)':';
            parts.Opaque.CopyTo(destination[(scheme + 1)..]);
            return scheme + 1 + parts.Opaque.Length;
        }

        var user = parts.User;
        if (user.Length + (user.IsEmpty ? 0 : 1) + parts.Host.Length > destination.Length)
        {
            return -1;
        }

        // As Unescape reads the user part: each %HH that parses is its byte, everything else stays as it was.
        var n = 0;
        for (var i = 0; i < user.Length; i++)
        {
            if (user[i] == '%' && i + 2 < user.Length &&
                byte.TryParse(user.Slice(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                destination[n++] = b;
                i += 2;
            }
            else
            {
                destination[n++] = user[i];
            }
        }

        if (!user.IsEmpty)
        {
            destination[n++] = (byte)'@';
        }

        parts.Host.CopyTo(destination[n..]);
        return n + parts.Host.Length;
    }

    /// <summary>
    /// The SIP or SIPS URI <see cref="TryScan"/> found, written as UTF-8 as <see cref="ToString"/> writes it once
    /// <see cref="WithoutHeaders"/> has dropped its headers (scheme in lower case, the port as a number, the rest as
    /// received), into <paramref name="destination"/> without building it. The length written; -1 when it does not fit.
    /// </summary>
    internal static int WriteWithoutHeaders(in SipUriParts parts, Span<byte> destination)
    {
        var length = parts.Scheme.Length + 1 + parts.Host.Length;
        if (!parts.User.IsEmpty)
        {
            length += parts.User.Length + 1 + (parts.HasPassword ? 1 + parts.Password.Length : 0);
        }

        if (parts.Port is { } port)
        {
            length += 2;
            for (var rest = port; rest >= 10; rest /= 10)
            {
                length++;
            }
        }

        for (var p = new UriParameterReader(parts.Parameters); p.MoveNext();)
        {
            length += 1 + p.Name.Length + (p.HasValue ? 1 + p.Value.Length : 0);
        }

        if (!parts.IsSip || length > destination.Length)
        {
            return -1;
        }

        // The scheme is ASCII the grammar accepted.
        var n = Ascii.ToLower(parts.Scheme, destination, out var written) == System.Buffers.OperationStatus.Done ? written : 0;
        destination[n++] = (byte)':';
        if (!parts.User.IsEmpty)
        {
            n += Copy(parts.User, destination[n..]);
            if (parts.HasPassword)
            {
                destination[n++] = (byte)':';
                n += Copy(parts.Password, destination[n..]);
            }

            destination[n++] = (byte)'@';
        }

        n += Copy(parts.Host, destination[n..]);
        if (parts.Port is { } p2)
        {
            destination[n++] = (byte)':';
            p2.TryFormat(destination[n..], out var digits, default, CultureInfo.InvariantCulture);
            n += digits;
        }

        for (var p = new UriParameterReader(parts.Parameters); p.MoveNext();)
        {
            destination[n++] = (byte)';';
            n += Copy(p.Name, destination[n..]);
            if (p.HasValue)
            {
                destination[n++] = (byte)'=';
                n += Copy(p.Value, destination[n..]);
            }
        }

        return n;

        static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
        {
            from.CopyTo(to);
            return from.Length;
        }
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
