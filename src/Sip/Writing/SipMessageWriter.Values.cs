using System.Buffers;
using System.Text;

namespace PresenceAgent.Sip.Writing;

public static partial class SipMessageWriter
{
    /// <summary>
    /// Copies a received value, turning each fold (LWS = [*WSP CRLF] 1*WSP, RFC 3261 §25.1) into one SP the way
    /// <see cref="Messages.HeaderField.Value"/> reads it: whitespace before the line end, the line end and the
    /// whitespace after it become a single space.
    /// </summary>
    private static void WriteUnfolded(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        while (true)
        {
            var lineEnd = value.IndexOfAny((byte)'\r', (byte)'\n');
            if (lineEnd < 0)
            {
                output.Write(value);
                return;
            }

            output.Write(value[..lineEnd].TrimEnd(" \t"u8));
            var next = value[lineEnd..].IndexOfAnyExcept(" \t\r\n"u8);
            if (next < 0)
            {
                return;
            }

            output.Write(" "u8);
            value = value[(lineEnd + next)..];
        }
    }

    /// <summary>UTF-8 text with the same folding rule, so a CR or LF in a built value cannot end the header line.</summary>
    private static void WriteText(ReadOnlySpan<char> text, IBufferWriter<byte> output)
    {
        while (true)
        {
            var lineEnd = text.IndexOfAny('\r', '\n');
            if (lineEnd < 0)
            {
                Encoding.UTF8.GetBytes(text, output);
                return;
            }

            Encoding.UTF8.GetBytes(text[..lineEnd].TrimEnd(" \t"), output);
            var next = text[lineEnd..].IndexOfAnyExcept(" \t\r\n");
            if (next < 0)
            {
                return;
            }

            output.Write(" "u8);
            text = text[(lineEnd + next)..];
        }
    }
}
