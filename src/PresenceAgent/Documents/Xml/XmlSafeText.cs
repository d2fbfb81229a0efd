using System.Buffers;

namespace PresenceAgent.Documents.Xml;

/// <summary>
/// Makes configuration text safe to put in an XML 1.0 document. The writer escapes markup
/// (&lt;, &amp;, quotes); this removes what no escaping can carry: characters outside XML 1.0 §2.2
/// <c>Char</c> (C0 controls, lone surrogates, U+FFFE/U+FFFF) and the C1 controls §2.2 discourages.
/// Tab, CR and LF become spaces because every value we write is a single line on a watcher's screen.
/// </summary>
internal static class XmlSafeText
{
    /// <summary>Returns <paramref name="text"/> itself when it is already safe (the usual case).</summary>
    public static string Clean(string text)
    {
        int first = IndexOfUnsafe(text);
        return first < 0 ? text : Rebuild(text, first);
    }

    /// <summary>Index of the first character <see cref="Clean"/> would change, or -1.</summary>
    public static int IndexOfUnsafe(ReadOnlySpan<char> text)
    {
        // Printable ASCII is the common case; the vectorized skip keeps the check near free.
        int i = text.IndexOfAnyExceptInRange(' ', '~');
        if (i < 0)
        {
            return -1;
        }

        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c is >= ' ' and <= '~')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++; // a supplementary character such as an emoji: allowed (#x10000-#x10FFFF)
                continue;
            }

            if (!IsAllowedBmp(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Rebuild(string text, int first)
    {
        char[] rented = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            text.AsSpan(0, first).CopyTo(rented);
            int length = first;
            for (int i = first; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    rented[length++] = c;
                    rented[length++] = text[++i];
                }
                else if (c is '\t' or '\r' or '\n')
                {
                    rented[length++] = ' ';
                }
                else if (IsAllowedBmp(c))
                {
                    rented[length++] = c;
                }
            }

            return new string(rented, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    // XML 1.0 §2.2 Char within the BMP, minus tab/CR/LF (replaced) and the C1 block (discouraged).
    private static bool IsAllowedBmp(char c) =>
        c is (>= ' ' and < '\u007f') or (> '\u009f' and < '\ud800') or (>= '\ue000' and <= '\ufffd');
}
