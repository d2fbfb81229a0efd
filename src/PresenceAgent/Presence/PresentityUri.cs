using System.Globalization;
using System.Net;
using System.Text;

namespace PresenceAgent.Presence;

/// <summary>
/// The one spelling of a presentity's bare URI (<c>scheme:user@host</c>) that a presence document carries as its
/// entity, whichever equivalent spelling the watcher addressed. RFC 3261 §19.1.4 compares scheme and host ignoring
/// case and counts an escaped character outside the reserved set as equal to the character, but compares the user
/// part case-sensitively. So the scheme and host are lower-cased (an address literal written as the stack reads it),
/// escaped unreserved characters are decoded and the remaining escapes get upper-case hex, and the user part keeps the
/// case the watcher wrote: a watcher comparing our entity with the URI it subscribed to by RFC 3261's rules finds
/// them equal (SIPE, a Lync-dialect client, matches URIs ignoring case anyway).
/// </summary>
internal static class PresentityUri
{
    /// <summary>
    /// <paramref name="bareUri"/> canonical; the same instance when it already is, so canonical entities cost nothing.
    /// </summary>
    public static string Canonical(string bareUri)
    {
        ArgumentNullException.ThrowIfNull(bareUri);
        var colon = bareUri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            // Not a URI: left for the document's own check to refuse.
            return bareUri;
        }

        var at = bareUri.LastIndexOf('@');
        var scheme = bareUri.AsSpan(0, colon);
        var user = at > colon ? bareUri.AsSpan(colon + 1, at - colon - 1) : [];
        var host = bareUri.AsSpan(Math.Max(at, colon) + 1);
        var literal = AddressLiteral(host);
        var hostCanonical = literal is null ? !HasUpper(host) : host.SequenceEqual(literal);
        if (!HasUpper(scheme) && !user.Contains('%') && hostCanonical)
        {
            return bareUri;
        }

        var sb = new StringBuilder(bareUri.Length);
        AppendLower(sb, scheme);
        sb.Append(':');
        if (at > colon)
        {
            AppendUser(sb, user);
            sb.Append('@');
        }

        if (literal is null)
        {
            AppendLower(sb, host);
        }
        else
        {
            sb.Append(literal);
        }

        var canonical = sb.ToString();
        return string.Equals(canonical, bareUri, StringComparison.Ordinal) ? bareUri : canonical;
    }

    /// <summary>
    /// An IPv4 or bracketed IPv6 literal as .NET writes it (the stack matches literals by value, so <c>[0::1]</c> and
    /// <c>[::1]</c> name the same host); null for a host name.
    /// </summary>
    private static string? AddressLiteral(ReadOnlySpan<char> host)
    {
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            return IPAddress.TryParse(host[1..^1], out var v6) ? $"[{v6}]" : null;
        }

        // A host name's last label starts with a letter (RFC 3261 §25.1); digits and dots alone are an IPv4 address.
        return !host.IsEmpty && !host.ContainsAnyExcept("0123456789.") && IPAddress.TryParse(host, out var v4) ? v4.ToString() : null;
    }

    private static void AppendUser(StringBuilder sb, ReadOnlySpan<char> user)
    {
        for (var i = 0; i < user.Length; i++)
        {
            if (user[i] == '%' && i + 2 < user.Length && char.IsAsciiHexDigit(user[i + 1]) && char.IsAsciiHexDigit(user[i + 2]))
            {
                var b = (char)byte.Parse(user.Slice(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (IsUnreserved(b))
                {
                    sb.Append(b);
                }
                else
                {
                    sb.Append('%').Append(char.ToUpperInvariant(user[i + 1])).Append(char.ToUpperInvariant(user[i + 2]));
                }

                i += 2;
            }
            else
            {
                sb.Append(user[i]);
            }
        }
    }

    /// <summary>RFC 3261 §25.1 <c>unreserved</c>: alphanum and mark; written as themselves, never escaped.</summary>
    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || "-_.!~*'()".Contains(c, StringComparison.Ordinal);

    private static bool HasUpper(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendLower(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            sb.Append(char.ToLowerInvariant(c));
        }
    }
}
