namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The shape nearly every URI has, read in one pass: "sip:" or "sips:" in any case, an optional user, a host name or
/// IPv4 address, an optional port and uri-parameters, with no escape, password, IPv6 reference or headers. What it
/// reads, the general grammar (<see cref="TryScanGeneral"/>) accepts with the same parts; anything else is left to that
/// grammar, which also names every fault.
/// </summary>
public sealed partial class SipUri
{
    /// <summary>
    /// Reads the plain shape from the start of <paramref name="text"/>: returns where it stopped (the first byte past
    /// it, or the length), or -1 when the start is not of that shape. The caller decides whether the stop ends the URI
    /// (the end of the text, or the '&gt;' of a name-addr): no byte read is a '&gt;', and none after the user an '@' or '?'.
    /// </summary>
    internal static int ScanPlain(ReadOnlySpan<byte> text, out SipUriParts parts)
    {
        parts = default;
        if (text.Length < 5 || (text[0] | 0x20) != 's' || (text[1] | 0x20) != 'i' || (text[2] | 0x20) != 'p')
        {
            return -1;
        }

        var colon = text[3] == ':' ? 3 : (text[3] | 0x20) == 's' && text[4] == ':' ? 4 : -1;
        if (colon < 0)
        {
            return -1;
        }

        // No user byte is an '@', so a user ends at the first one; without it the same bytes start the host.
        var userEnd = PlainBytes.RunEnd(text, colon + 1, PlainBytes.User);
        var hasUser = userEnd < text.Length && text[userEnd] == '@';
        if (hasUser && userEnd == colon + 1)
        {
            return -1;
        }

        var end = ScanPlainHostPort(text, hasUser ? userEnd + 1 : colon + 1, out var host, out var port);
        if (end < 0)
        {
            return -1;
        }

        var parametersStart = end;
        // *( ";" pname [ "=" pvalue ] ), each of them at least one paramchar.
        while (end < text.Length && text[end] == ';')
        {
            var nameEnd = PlainBytes.RunEnd(text, end + 1, PlainBytes.Param);
            if (nameEnd == end + 1)
            {
                return -1;
            }

            end = nameEnd;
            if (end < text.Length && text[end] == '=')
            {
                end = PlainBytes.RunEnd(text, nameEnd + 1, PlainBytes.Param);
                if (end == nameEnd + 1)
                {
                    return -1;
                }
            }
        }

        parts = new SipUriParts
        {
            Scheme = text[..colon],
            IsSip = true,
            User = hasUser ? text[(colon + 1)..userEnd] : default,
            Host = host,
            Port = port,
            Parameters = end > parametersStart ? text[parametersStart..end] : default,
        };
        return end;
    }

    /// <summary>
    /// host [ ":" port ] from <paramref name="start"/>, the host a host name or IPv4 address: returns where it stopped,
    /// or -1 when what is there is no plain host (then <see cref="TryScanHostPort"/> decides).
    /// </summary>
    internal static int ScanPlainHostPort(ReadOnlySpan<byte> text, int start, out ReadOnlySpan<byte> host, out int? port)
    {
        port = null;
        var end = PlainBytes.RunEnd(text, start, PlainBytes.Host);
        host = text[start..end];
        if (host.IsEmpty || host.Length > 255 || host[0] is (byte)'.' or (byte)'-')
        {
            return -1;
        }

        if (end == text.Length || text[end] != ':')
        {
            return end;
        }

        // Up to five digits: more, or none, is a fault the general reading names.
        var value = 0;
        var i = end + 1;
        while (i < text.Length && (uint)(text[i] - '0') <= 9)
        {
            if (i - end > 5)
            {
                return -1;
            }

            value = (value * 10) + (text[i] - '0');
            i++;
        }

        if (i == end + 1 || value > 65535)
        {
            return -1;
        }

        port = value;
        return i;
    }
}
