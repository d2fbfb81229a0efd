using System.Buffers;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Fuzzing;

/// <summary>The parser on a datagram, and the framer and parser on a stream as the TCP read loop sees it.</summary>
internal static class MessageTargets
{
    public static void Datagram(byte[] input) => ReceivePath.Deliver(input, isDatagram: true);

    /// <summary>
    /// The input arrives in reads whose size follows from its length (so a mutation that changes the length also
    /// moves the splits, and no input byte is spent on it) and is framed as SipTcpConnection's loop does, keeping what
    /// is not consumed.
    /// </summary>
    public static void Stream(byte[] input)
    {
        var readSize = 1 + (input.Length % 64);
        var wire = input.AsMemory();
        var scanner = default(SipFrameScanner);
        var consumed = 0;
        var received = 0;
        while (received < wire.Length)
        {
            var previous = received;
            received = Math.Min(wire.Length, received + readSize);

            // Two segments, split where the last read ended, as a pipe hands them over.
            var split = Math.Max(consumed, previous);
            var buffer = Segment.Sequence(wire[consumed..split], wire[split..received]);
            while (!buffer.IsEmpty)
            {
                var status = scanner.Scan(buffer, ReceivePath.Limits, out var length, out _, out var failure);
                if (status is FrameStatus.Complete or FrameStatus.KeepAlive)
                {
                    ContractException.Check(length >= 1 && length <= buffer.Length, $"{status} of {length} bytes in a buffer of {buffer.Length}");
                    if (status == FrameStatus.Complete)
                    {
                        ReceivePath.Deliver(buffer.Slice(0, length).ToArray(), isDatagram: false);
                    }

                    buffer = buffer.Slice(length);
                    consumed += (int)length;
                    scanner.Reset();
                    continue;
                }

                ContractException.Check(length == 0, $"{status} with a length of {length}");
                if (status == FrameStatus.Invalid)
                {
                    var sample = buffer.ToArray();
                    ReceivePath.Reject(SipMessageParser.Parse(sample, ReceivePath.Limits, isDatagram: false).Message, failure);
                    return;
                }

                break;
            }
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        private Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Sequence(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
        {
            if (first.IsEmpty)
            {
                return new ReadOnlySequence<byte>(second);
            }

            var head = new Segment(first, 0);
            var tail = new Segment(second, first.Length);
            head.Next = tail;
            return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
        }
    }
}
