using System.Text;

namespace PresenceAgent.Http;

/// <summary>
/// The check for free text the API puts on one line of a watcher's screen (a note, a meeting's subject): it goes into
/// XML documents, so control characters (line breaks included) and what XML cannot carry (lone surrogates, U+FFFE,
/// U+FFFF) are refused rather than silently dropped.
/// </summary>
internal static class OneLineText
{
    /// <summary>Why <paramref name="text"/> cannot be shown, or null; <paramref name="what"/> names it in the message ("a note").</summary>
    public static string? Fault(string text, int max, string what)
    {
        if (text.Length > max)
        {
            return $"{text.Length} characters; at most {max}.";
        }

        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return $"character {index + 1} is half of a surrogate pair.";
            }

            if (Rune.IsControl(rune) || rune.Value is 0xFFFE or 0xFFFF)
            {
                return $"character {index + 1} is a control character (U+{rune.Value:X4}); {what} is one line of text.";
            }

            index += consumed;
        }

        return null;
    }
}
