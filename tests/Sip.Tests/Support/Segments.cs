using System.Buffers;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the shape a pipe hands a framer.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0], 0);
        var last = first;
        for (var i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Two segments split at <paramref name="at"/> (either may be empty).</summary>
    public static ReadOnlySequence<byte> SplitAt(ReadOnlyMemory<byte> bytes, int at) => Of(bytes[..at], bytes[at..]);

    /// <summary>One byte per segment.</summary>
    public static ReadOnlySequence<byte> Bytewise(ReadOnlyMemory<byte> bytes)
    {
        var parts = new ReadOnlyMemory<byte>[bytes.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = bytes.Slice(i, 1);
        }

        return parts.Length == 0 ? ReadOnlySequence<byte>.Empty : Of(parts);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
