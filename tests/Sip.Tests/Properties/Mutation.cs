using System.Text;

namespace PresenceAgent.Sip.Tests.Properties;

internal enum MutationKind
{
    FlipBit,
    SetInterestingByte,
    InsertInterestingByte,
    Truncate,
    DeleteRange,
    DuplicateLine,
    CopyChunk,
    InsertRandomBytes,
    HugeRun,
    HugeContentLength,
    LineFeedsOnly,
    LoneCarriageReturn,
    InsertLineEnd,
    DropEmptyLine,
}

/// <summary>
/// One edit of a message's bytes. Positions are taken modulo the length at the time of the edit, so any generated
/// mutation applies to any input and the same list always gives the same bytes.
/// </summary>
internal sealed record Mutation(MutationKind Kind, int Position, int Size, int Pick)
{
    private static readonly byte[] s_interesting = "\r\n \t:;,\"<>%\\@=?/[]*\0\u007f"u8.ToArray();

    private static readonly byte[] s_runs = "a0 \t,;\"<%\\"u8.ToArray();

    private static readonly string[] s_lineEnds = ["\r\n", "\r\n ", "\n", "\r", "\r\n\r\n", "\n\t", " \r\n"];

    private static readonly string[] s_contentLengths = ["99999999999999999999", "4294967296", "2147483648", "-1", "1e3", "", "0x10", "00000000000000000000000001"];

    public void Apply(List<byte> bytes)
    {
        var at = bytes.Count == 0 ? 0 : Position % bytes.Count;
        switch (Kind)
        {
            case MutationKind.FlipBit when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << (Pick % 8));
                break;
            case MutationKind.SetInterestingByte when bytes.Count > 0:
                bytes[at] = s_interesting[Pick % s_interesting.Length];
                break;
            case MutationKind.InsertInterestingByte:
                bytes.Insert(at, s_interesting[Pick % s_interesting.Length]);
                break;
            case MutationKind.Truncate:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case MutationKind.DeleteRange when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(Size % 64, bytes.Count - at));
                break;
            case MutationKind.DuplicateLine:
                DuplicateLine(bytes, at);
                break;
            case MutationKind.CopyChunk when bytes.Count > 0:
                bytes.InsertRange(Pick % (bytes.Count + 1), bytes.GetRange(at, Math.Min(1 + (Size % 200), bytes.Count - at)));
                break;
            case MutationKind.InsertRandomBytes:
                var random = new byte[Size % 64];
                new Random(Pick).NextBytes(random);
                bytes.InsertRange(at, random);
                break;
            case MutationKind.HugeRun:
                // Long enough to pass every limit: header section, datagram, 64 KiB bodies.
                bytes.InsertRange(at, Enumerable.Repeat(s_runs[Pick % s_runs.Length], Size));
                break;
            case MutationKind.HugeContentLength:
                ReplaceContentLength(bytes, s_contentLengths[Pick % s_contentLengths.Length]);
                break;
            case MutationKind.LineFeedsOnly:
                Replace(bytes, "\r\n"u8, "\n"u8);
                break;
            case MutationKind.LoneCarriageReturn:
                ReplaceAt(bytes, "\r\n"u8, "\r"u8, Pick);
                break;
            case MutationKind.InsertLineEnd:
                bytes.InsertRange(at, Encoding.ASCII.GetBytes(s_lineEnds[Pick % s_lineEnds.Length]));
                break;
            case MutationKind.DropEmptyLine:
                ReplaceAt(bytes, "\r\n\r\n"u8, "\r\n"u8, 0);
                break;
        }
    }

    /// <summary>Repeats the line holding <paramref name="at"/> <see cref="Size"/> times: header duplication, past every limit when large.</summary>
    private void DuplicateLine(List<byte> bytes, int at)
    {
        var span = bytes.ToArray().AsSpan();
        var start = at == 0 ? 0 : span[..at].LastIndexOf((byte)'\n') + 1;
        var end = span[at..].IndexOf((byte)'\n');
        var line = span[start..(end < 0 ? span.Length : at + end + 1)].ToArray();
        for (var i = 0; i < Size % 300; i++)
        {
            bytes.InsertRange(start, line);
        }
    }

    private static void ReplaceContentLength(List<byte> bytes, string value)
    {
        var text = Encoding.Latin1.GetString([.. bytes]);
        var name = text.IndexOf("\r\nContent-Length:", StringComparison.OrdinalIgnoreCase);
        if (name < 0)
        {
            return;
        }

        var start = text.IndexOf(':', name) + 1;
        var end = text.IndexOf('\r', start);
        bytes.RemoveRange(start, (end < 0 ? text.Length : end) - start);
        bytes.InsertRange(start, Encoding.ASCII.GetBytes(" " + value));
    }

    private static void Replace(List<byte> bytes, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        var result = new List<byte>(bytes.Count);
        var span = bytes.ToArray().AsSpan();
        while (true)
        {
            var i = span.IndexOf(from);
            if (i < 0)
            {
                result.AddRange(span);
                break;
            }

            result.AddRange(span[..i]);
            result.AddRange(to);
            span = span[(i + from.Length)..];
        }

        bytes.Clear();
        bytes.AddRange(result);
    }

    /// <summary>Replaces the <paramref name="occurrence"/>th match (modulo their number).</summary>
    private static void ReplaceAt(List<byte> bytes, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to, int occurrence)
    {
        var span = bytes.ToArray().AsSpan();
        var positions = new List<int>();
        for (var start = 0; span[start..].IndexOf(from) is var n && n >= 0; start += n + 1)
        {
            positions.Add(start + n);
        }

        if (positions.Count == 0)
        {
            return;
        }

        var at = positions[occurrence % positions.Count];
        bytes.RemoveRange(at, from.Length);
        bytes.InsertRange(at, to.ToArray());
    }
}
