using System.Globalization;

namespace PresenceAgent.Presence;

/// <summary>Content types of the <see cref="DocumentFormat"/>s, and the choice of one from a SUBSCRIBE's Accept.</summary>
internal static class DocumentFormats
{
    public const string PidfType = "application/pidf+xml";

    public const string CategoriesType = "application/msrtc-event-categories+xml";

    public const string XpidfType = "application/xpidf+xml";

    /// <summary>Every type we write, in our order of preference: the Accept header of a 406.</summary>
    public static readonly string AcceptHeader = string.Join(", ", CategoriesType, PidfType, XpidfType);

    public static string ContentTypeOf(DocumentFormat format) => format switch
    {
        DocumentFormat.MsrtcCategories => CategoriesType,
        DocumentFormat.Xpidf => XpidfType,
        _ => PidfType,
    };

    /// <summary>
    /// The format for a SUBSCRIBE whose Accept header has <paramref name="accept"/> (null: no Accept header, which
    /// means PIDF, RFC 3856 §6.7). Otherwise the acceptable format with the highest q; at equal q, one the watcher named
    /// beats one only a wildcard covers, then categories before PIDF before xpidf. A wildcard selects PIDF only: the
    /// Microsoft and legacy formats go to watchers that name them. Null when nothing we write is acceptable (an
    /// empty Accept header accepts nothing, RFC 3261 §20.1).
    /// </summary>
    public static DocumentFormat? Negotiate(IEnumerable<string>? accept)
    {
        if (accept is null)
        {
            return DocumentFormat.Pidf;
        }

        // Per format: the q of the most specific range that covers it (RFC 9110 §12.5.1), and whether that range names it.
        Span<int> q = [-1, -1, -1];
        Span<int> specificity = [-1, -1, -1];
        foreach (var range in accept)
        {
            if (!TryReadRange(range, out var type, out var rangeQ))
            {
                continue;
            }

            for (var f = 0; f < 3; f++)
            {
                var level = Specificity(type, (DocumentFormat)f);
                if (level > specificity[f])
                {
                    specificity[f] = level;
                    q[f] = rangeQ;
                }
            }
        }

        DocumentFormat? best = null;
        var bestScore = 0;
        foreach (var f in (ReadOnlySpan<DocumentFormat>)[DocumentFormat.MsrtcCategories, DocumentFormat.Pidf, DocumentFormat.Xpidf])
        {
            var i = (int)f;
            if (q[i] <= 0)
            {
                continue;
            }

            // q first, then a named type over a wildcard; the loop order breaks the remaining ties.
            var score = (q[i] * 2) + (specificity[i] == 2 ? 1 : 0);
            if (score > bestScore)
            {
                best = f;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>2: the range names the format's type; 1: a wildcard covers it (PIDF only); -1: no match.</summary>
    private static int Specificity(ReadOnlySpan<char> range, DocumentFormat format)
    {
        if (range.Equals(ContentTypeOf(format), StringComparison.OrdinalIgnoreCase))
        {
            return 2;
        }

        return format == DocumentFormat.Pidf
            && (range.Equals("*/*", StringComparison.Ordinal) || range.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            ? 1
            : -1;
    }

    /// <summary>Splits <c>type/subtype;params</c>; q in thousandths (1000 when absent or unreadable, to be tolerant).</summary>
    private static bool TryReadRange(string value, out ReadOnlySpan<char> type, out int q)
    {
        var span = value.AsSpan();
        var semi = span.IndexOf(';');
        type = (semi < 0 ? span : span[..semi]).Trim();
        q = 1000;
        if (type.IsEmpty)
        {
            return false;
        }

        var rest = semi < 0 ? [] : span[(semi + 1)..];
        while (!rest.IsEmpty)
        {
            var next = rest.IndexOf(';');
            var parameter = (next < 0 ? rest : rest[..next]).Trim();
            rest = next < 0 ? [] : rest[(next + 1)..];
            if (parameter.Length > 2 && (parameter[0] is 'q' or 'Q') && parameter[1] == '='
                && decimal.TryParse(parameter[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var qValue)
                && qValue is >= 0 and <= 1)
            {
                q = (int)(qValue * 1000);
            }
        }

        return true;
    }
}
