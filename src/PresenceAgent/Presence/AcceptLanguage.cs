using System.Globalization;

namespace PresenceAgent.Presence;

/// <summary>
/// Picks one of our languages for an Accept-Language header (RFC 3261 §20.3, RFC 3282 §3):
/// <c>Accept-Language = 1#( language-range [ ";" "q" "=" qvalue ] )</c>, <c>language-range = 1*8ALPHA *( "-" 1*8alphanum ) / "*"</c>.
/// </summary>
internal static class AcceptLanguage
{
    // How closely a range names one of our tags; the closest range that names a tag gives it its q.
    private const int None = -1;
    private const int Wildcard = 0;
    private const int SamePrimary = 1;
    private const int Longer = 2;
    private const int Prefix = 3;
    private const int Exact = 4;

    /// <summary>
    /// The offered language with the highest q, then the closest match, then the admin's order; the first offered when
    /// the header is absent or every range is refused or foreign. A range matches a tag exactly, as a prefix (RFC 4647
    /// §3.3.1 basic filtering: <c>de</c> covers <c>de-DE</c>), as the truncation lookup makes (§3.4: <c>de-DE-1996</c>
    /// finds <c>de-DE</c>) and, last, by primary language (<c>de-AT</c> reads <c>de-DE</c> rather than the default).
    /// <c>q=0</c> refuses a language.
    /// </summary>
    public static PresenceLanguage Choose(IReadOnlyList<PresenceLanguage> offered, IEnumerable<string>? header)
    {
        if (header is null)
        {
            return offered[0];
        }

        var level = new int[offered.Count];
        var q = new int[offered.Count];
        Array.Fill(level, None);
        foreach (var value in header)
        {
            foreach (var element in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!TryReadRange(element, out var range, out var rangeQ))
                {
                    continue;
                }

                for (var i = 0; i < offered.Count; i++)
                {
                    var l = Match(range, offered[i].Tag);
                    if (l > level[i])
                    {
                        level[i] = l;
                        q[i] = rangeQ;
                    }
                }
            }
        }

        var best = 0;
        for (var i = 1; i < offered.Count; i++)
        {
            if (q[i] > q[best] || (q[i] == q[best] && level[i] > level[best]))
            {
                best = i;
            }
        }

        return level[best] > None && q[best] > 0 ? offered[best] : offered[0];
    }

    private static int Match(ReadOnlySpan<char> range, ReadOnlySpan<char> tag)
    {
        if (range.SequenceEqual("*"))
        {
            return Wildcard;
        }

        if (range.Equals(tag, StringComparison.OrdinalIgnoreCase))
        {
            return Exact;
        }

        if (IsSubtagPrefix(range, tag))
        {
            return Prefix;
        }

        if (IsSubtagPrefix(tag, range))
        {
            return Longer;
        }

        return Primary(range).Equals(Primary(tag), StringComparison.OrdinalIgnoreCase) ? SamePrimary : None;
    }

    /// <summary>Whether <paramref name="shorter"/> is <paramref name="longer"/> cut at a subtag boundary.</summary>
    private static bool IsSubtagPrefix(ReadOnlySpan<char> shorter, ReadOnlySpan<char> longer) =>
        longer.Length > shorter.Length && longer[shorter.Length] == '-' && longer.StartsWith(shorter, StringComparison.OrdinalIgnoreCase);

    private static ReadOnlySpan<char> Primary(ReadOnlySpan<char> tag)
    {
        var dash = tag.IndexOf('-');
        return dash < 0 ? tag : tag[..dash];
    }

    /// <summary>A range and its q in thousandths (1000 when absent or unreadable, to be tolerant); false for a malformed range.</summary>
    private static bool TryReadRange(string element, out ReadOnlySpan<char> range, out int q)
    {
        var span = element.AsSpan();
        var semi = span.IndexOf(';');
        range = (semi < 0 ? span : span[..semi]).Trim();
        q = 1000;
        if (!range.SequenceEqual("*") && !PresenceText.IsLanguageTag(range))
        {
            return false;
        }

        var parameters = semi < 0 ? [] : span[(semi + 1)..];
        foreach (var part in parameters.Split(';'))
        {
            var p = parameters[part].Trim();
            if (p.Length > 2 && (p[0] is 'q' or 'Q') && p[1] == '='
                && decimal.TryParse(p[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
            {
                q = (int)(value * 1000);
            }
        }

        return true;
    }
}
