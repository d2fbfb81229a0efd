using System.Buffers;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Writing;

public static partial class SipMessageWriter
{
    /// <summary>Copies a received value with each fold turned into one SP, as <see cref="HeaderField.Value"/> reads it.</summary>
    private static void WriteUnfolded(ReadOnlySpan<byte> value, IBufferWriter<byte> output) =>
        output.Advance(HeaderField.Unfold(value, output.GetSpan(value.Length)));

    /// <summary>UTF-8 text with the same folding rule, so a CR or LF in a built value cannot end the header line.</summary>
    internal static void WriteText(ReadOnlySpan<char> text, IBufferWriter<byte> output)
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
