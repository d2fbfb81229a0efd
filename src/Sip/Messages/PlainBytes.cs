using System.Runtime.CompilerServices;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The byte classes the one-pass readers of common field shapes walk (<see cref="SipUri"/>, <see cref="NameAddress"/>,
/// <see cref="ViaHeader"/>), in one table: a byte costs a load and a test, where a search call on a span of a few bytes
/// costs more than the bytes. Escapes are in no class; those readers leave them to the general grammar.
/// </summary>
internal static class PlainBytes
{
    public const byte User = 1;
    public const byte Host = 2;
    public const byte Param = 4;
    public const byte Token = 8;

    private static readonly byte[] s_classes = Build();

    /// <summary>True when <paramref name="b"/> is in any of the classes <paramref name="classes"/>.</summary>
    public static bool Is(byte b, byte classes) => (s_classes[b] & classes) != 0;

    /// <summary>The index of the first byte at or after <paramref name="start"/> in none of <paramref name="classes"/>, or the length.</summary>
    /// <remarks>Inlined, so each caller's loop tests its own class as a constant.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RunEnd(ReadOnlySpan<byte> text, int start, byte classes)
    {
        var i = start;
        while (i < text.Length && Is(text[i], classes))
        {
            i++;
        }

        return i;
    }

    private static byte[] Build()
    {
        var table = new byte[256];
        Mark(table, SipGrammar.UserChars, User);
        Mark(table, SipGrammar.HostChars, Host);
        Mark(table, SipGrammar.ParamChars, Param);

        // '%' is a token character of its own, not an escape.
        Mark(table, SipGrammar.TokenChars, Token);
        return table;
    }

    private static void Mark(byte[] table, string chars, byte bit)
    {
        foreach (var c in chars)
        {
            table[c] |= bit;
        }
    }
}
