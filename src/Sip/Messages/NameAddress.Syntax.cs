using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The name-addr / addr-spec grammar over UTF-8 bytes: one implementation, which the parser's validation runs without
/// building anything and <see cref="Create"/> turns into a <see cref="NameAddress"/>.
/// </summary>
public sealed partial class NameAddress
{
    /// <summary>
    /// ( name-addr / addr-spec ) *( SEMI param ), name-addr = [ display-name ] LAQUOT addr-spec RAQUOT (RFC 3261 §25.1),
    /// or the Contact wildcard "*": the grammar over UTF-8 bytes, the URI and parameters included, building nothing.
    /// </summary>
    internal static bool TryScan(ReadOnlySpan<byte> text, out NameAddressParts parts)
    {
        text = text.TrimWsp();
        return TryScanPlain(text, out parts) || TryScanGeneral(text, out parts);
    }

    /// <summary><see cref="TryScan"/> by the whole grammar, for any value.</summary>
    internal static bool TryScanGeneral(ReadOnlySpan<byte> text, out NameAddressParts parts)
    {
        parts = default;
        text = text.TrimWsp();
        if (text.IsEmpty)
        {
            return false;
        }

        if (text.SequenceEqual("*"u8))
        {
            parts = new NameAddressParts { IsWildcard = true };
            return true;
        }

        ReadOnlySpan<byte> display = default;
        var quoted = text[0] == '"';
        int lt;
        if (quoted)
        {
            var end = QuotedStringEnd(text);
            if (end < 0)
            {
                return false;
            }

            display = text[1..(end - 1)];
            var after = text[end..].TrimWspStart();
            if (after.IsEmpty || after[0] != '<')
            {
                return false;
            }

            lt = text.Length - after.Length;
        }
        else
        {
            lt = text[0] == '<' ? 0 : text.IndexOf((byte)'<');
            if (lt > 0)
            {
                display = text[..lt].TrimWsp();
                if (!IsTokenWords(display))
                {
                    return false;
                }
            }
        }

        SipUriParts uri;
        ReadOnlySpan<byte> parameters;
        if (lt >= 0)
        {
            var gt = text[lt..].IndexOf((byte)'>');
            if (gt < 0 || !SipUri.TryScan(text[(lt + 1)..(lt + gt)], out uri))
            {
                return false;
            }

            parameters = text[(lt + gt + 1)..];
        }
        else
        {
            // addr-spec without brackets: the URI ends at the first ';' and cannot carry '?' headers or a comma.
            // LWS may precede the ';' of a header parameter (RFC 4475 §3.1.1.1 wsinv: "sip:...com ;   tag = ...").
            var semi = text.IndexOf((byte)';');
            var spec = (semi < 0 ? text : text[..semi]).TrimWspEnd();
            if (spec.ContainsAny(" \t?,"u8) || !SipUri.TryScan(spec, out uri))
            {
                return false;
            }

            parameters = semi < 0 ? default : text[semi..];
        }

        // The tag is picked up while the parameters are checked: dialogs and transactions read it next.
        if (!ParameterReader.IsValid(parameters, "tag"u8, out var hasTag, out var tag))
        {
            return false;
        }

        parts = new NameAddressParts { DisplayName = display, IsQuoted = quoted, Uri = uri, HasTag = hasTag, Tag = tag, Parameters = parameters };
        return true;
    }

    /// <summary>Builds the value <see cref="TryScan"/> accepted.</summary>
    private static NameAddress Create(in NameAddressParts parts)
    {
        if (parts.IsWildcard)
        {
            return new NameAddress(new SipUri("sip", null, "*")) { IsWildcard = true };
        }

        var display = parts.IsQuoted ? Unquote(parts.DisplayName)
            : parts.DisplayName.IsEmpty ? null
            : Encoding.UTF8.GetString(parts.DisplayName);
        SipParameters.TryParse(parts.Parameters, out var parameters);
        return new NameAddress(SipUri.Create(parts.Uri), display, parameters);
    }

    /// <summary>
    /// quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE, <paramref name="text"/> starting at the opening quote;
    /// returns the index after the closing quote, or -1. A quoted-pair may not escape a line end.
    /// </summary>
    private static int QuotedStringEnd(ReadOnlySpan<byte> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length || text[i + 1] is (byte)'\r' or (byte)'\n')
                {
                    return -1;
                }

                i++;
            }
            else if (c == '"')
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>The content of a quoted-string without its escapes; they are removed from the decoded text, char by char.</summary>
    private static string Unquote(ReadOnlySpan<byte> content)
    {
        var text = Encoding.UTF8.GetString(content);
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            sb.Append(text[i] == '\\' ? text[++i] : text[i]);
        }

        return sb.ToString();
    }

    /// <summary>display-name = *(token LWS): tokens separated by whitespace, nothing else.</summary>
    private static bool IsTokenWords(ReadOnlySpan<byte> s) => !s.ContainsAnyExcept(SipGrammar.TokenOrWhitespaceBytes);
}
