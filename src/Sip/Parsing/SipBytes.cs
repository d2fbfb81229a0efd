using System.Buffers;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>Byte classes from the RFC 3261 §25.1 ABNF that the parser and the frame scanner share.</summary>
internal static class SipBytes
{
    public const byte CR = (byte)'\r';
    public const byte LF = (byte)'\n';
    public const byte SP = (byte)' ';
    public const byte HT = (byte)'\t';

    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static SearchValues<byte> Token => SipGrammar.TokenBytes;

    /// <summary>WSP = SP / HTAB.</summary>
    public static ReadOnlySpan<byte> Wsp => " \t"u8;

    /// <summary>LWS = [*WSP CRLF] 1*WSP, so trimming it removes SP, HT, CR and LF.</summary>
    public static ReadOnlySpan<byte> Lws => " \t\r\n"u8;

    public static bool IsWsp(byte b) => b is SP or HT;

    public static bool IsLws(byte b) => b is SP or HT or CR or LF;

    public static ReadOnlySpan<byte> TrimLws(ReadOnlySpan<byte> s) => s.Trim(Lws);

    /// <summary>
    /// Where the line ends (its CRLF or bare LF), or -1 when no line end is in <paramref name="rest"/>; one scan, which
    /// also tells whether a CR stood anywhere but before the LF.
    /// </summary>
    public static int LineEnd(ReadOnlySpan<byte> rest, out bool bareCr)
    {
        bareCr = false;
        var at = 0;
        while (true)
        {
            var i = rest[at..].IndexOfAny(CR, LF);
            if (i < 0)
            {
                return -1;
            }

            at += i;
            if (rest[at] == LF || (at + 1 < rest.Length && rest[at + 1] == LF))
            {
                return at;
            }

            bareCr = true;
            at++;
        }
    }
}
