using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// From, To, Contact, Route and Record-Route values (RFC 3261 §20.10, §25.1):
/// <c>[display-name] &lt;URI&gt; *(;param)</c> or a bare addr-spec whose parameters belong to the header.
/// </summary>
public sealed class NameAddress
{
    public NameAddress(SipUri uri, string? displayName = null, SipParameters? parameters = null)
    {
        Uri = uri;
        DisplayName = displayName;
        Parameters = parameters ?? new SipParameters();
    }

    /// <summary>Display name without quotes or escapes.</summary>
    public string? DisplayName { get; }

    public SipUri Uri { get; }

    /// <summary>Header parameters outside the angle brackets (tag, expires, epid…).</summary>
    public SipParameters Parameters { get; }

    public string? Tag => Parameters.Get("tag");

    /// <summary>Contact: * (RFC 3261 §10.2.2); only meaningful in REGISTER, but it parses.</summary>
    public bool IsWildcard { get; private init; }

    public override string ToString()
    {
        var sb = new StringBuilder(96);
        if (IsWildcard)
        {
            return "*";
        }

        if (!string.IsNullOrEmpty(DisplayName))
        {
            sb.Append('"');
            foreach (var c in DisplayName)
            {
                if (c is '"' or '\\')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }

            sb.Append("\" ");
        }

        sb.Append('<');
        Uri.AppendTo(sb);
        sb.Append('>');
        Parameters.AppendTo(sb);
        return sb.ToString();
    }

    public static bool TryParse(ReadOnlySpan<char> text, out NameAddress value)
    {
        value = null!;
        text = text.Trim(" \t");
        if (text.IsEmpty)
        {
            return false;
        }

        if (text is "*")
        {
            value = new NameAddress(new SipUri("sip", null, "*")) { IsWildcard = true };
            return true;
        }

        string? display = null;
        var lt = -1;
        if (text[0] == '"')
        {
            if (!TryReadQuoted(text, out var end, out display))
            {
                return false;
            }

            var after = text[end..].TrimStart(" \t");
            if (after.IsEmpty || after[0] != '<')
            {
                return false;
            }

            lt = text.Length - after.Length;
        }
        else
        {
            lt = text.IndexOf('<');
            if (lt > 0)
            {
                // display-name = *(token LWS): tokens separated by whitespace, nothing else.
                var name = text[..lt].Trim(" \t");
                foreach (var range in name.SplitAny(" \t"))
                {
                    var word = name[range];
                    if (!word.IsEmpty && !SipGrammar.IsToken(word))
                    {
                        return false;
                    }
                }

                display = name.IsEmpty ? null : name.ToString();
            }
        }

        SipUri? uri;
        ReadOnlySpan<char> paramText;
        if (lt >= 0)
        {
            var gt = text[lt..].IndexOf('>');
            if (gt < 0)
            {
                return false;
            }

            gt += lt;
            if (!SipUri.TryParse(text[(lt + 1)..gt], out uri))
            {
                return false;
            }

            paramText = text[(gt + 1)..];
        }
        else
        {
            // addr-spec without brackets: the URI ends at the first ';' and cannot carry '?' headers or a comma.
            // LWS may precede the ';' of a header parameter (RFC 4475 §3.1.1.1 wsinv: "sip:...com ;   tag = ...").
            var semi = text.IndexOf(';');
            var spec = (semi < 0 ? text : text[..semi]).TrimEnd(" \t");
            if (spec.ContainsAny(" \t?,") || !SipUri.TryParse(spec, out uri))
            {
                return false;
            }

            paramText = semi < 0 ? default : text[semi..];
        }

        if (!SipParameters.TryParse(paramText, out var ps))
        {
            return false;
        }

        value = new NameAddress(uri, display, ps);
        return true;
    }

    /// <summary>quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE; returns the index after the closing quote.</summary>
    internal static bool TryReadQuoted(ReadOnlySpan<char> text, out int end, out string content)
    {
        var sb = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length || text[i + 1] is '\r' or '\n')
                {
                    break;
                }

                sb.Append(text[++i]);
                continue;
            }

            if (c == '"')
            {
                end = i + 1;
                content = sb.ToString();
                return true;
            }

            sb.Append(c);
        }

        end = 0;
        content = "";
        return false;
    }
}
