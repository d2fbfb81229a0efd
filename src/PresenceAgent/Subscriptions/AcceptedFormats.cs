using System.Collections.Concurrent;
using System.Text;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The document format chosen for each Accept header text met, so the SUBSCRIBEs of a kind of client (each sends the
/// same Accept, refreshes and unsubscribes included) are answered without splitting and decoding it again. Bounded in
/// entries and length, since peers choose the text; past either bound the choice is simply made afresh.
/// </summary>
internal static class AcceptedFormats
{
    internal const int MaxEntries = 256;

    internal const int MaxLength = 512;

    private static readonly ConcurrentDictionary<string, DocumentFormat?> s_chosen = new(StringComparer.Ordinal);

    /// <summary>Accept texts remembered.</summary>
    internal static int Count => s_chosen.Count;

    /// <summary>What <see cref="DocumentFormats.Negotiate"/> chooses for the message's Accept headers.</summary>
    public static DocumentFormat? For(SipHeaders headers)
    {
        var first = headers.IndexOf(HeaderKind.Accept);
        if (first < 0)
        {
            return DocumentFormats.Negotiate(null);
        }

        // One received Accept field on one line is the case worth remembering; anything else is negotiated as it comes.
        var raw = headers[first].RawValue;
        if (!headers[first].IsRaw || raw.Length > MaxLength || raw.IndexOfAny((byte)'\r', (byte)'\n') >= 0 ||
            headers.IndexOf(HeaderKind.Accept, first + 1) >= 0)
        {
            return DocumentFormats.Negotiate(headers.GetValues(HeaderKind.Accept));
        }

        Span<char> text = stackalloc char[MaxLength];
        text = text[..Encoding.UTF8.GetChars(raw, text)];
        if (s_chosen.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var chosen))
        {
            return chosen;
        }

        chosen = DocumentFormats.Negotiate(headers.GetValues(HeaderKind.Accept));
        if (s_chosen.Count < MaxEntries)
        {
            s_chosen.TryAdd(new string(text), chosen);
        }

        return chosen;
    }
}
