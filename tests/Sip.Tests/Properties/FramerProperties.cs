using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Properties;

/// <summary>
/// The framer on a stream as TCP delivers it: valid messages back to back, keep-alives between them, arriving in
/// reads of any size, come out as exactly those messages, in order, whatever the read boundaries.
/// </summary>
public sealed class FramerProperties
{
    private static readonly SipLimits s_limits = new();

    private static readonly Gen<(string KeepAlive, byte[] Message)[]> Stream =
        from count in Gen.Choose(1, 4)
        from parts in Gen.ArrayOf(
            from keepAlive in Gen.Elements("", "", "\r\n\r\n", "\r\n", "\n", "\r\n\r\n\r\n\r\n")
            from message in MessageGen.Message
            select (keepAlive, message.Render()),
            count)
        select parts;

    [Property(MaxTest = 300)]
    public Property Messages_on_a_stream_frame_as_sent_at_any_read_size() =>
        Prop.ForAll(Stream.ToArbitrary(), Gen.Choose(1, 300).ToArbitrary(), (parts, readSize) =>
        {
            var wire = parts.SelectMany(p => System.Text.Encoding.ASCII.GetBytes(p.KeepAlive).Concat(p.Message)).ToArray();
            var frames = new List<byte[]>();
            var pings = 0;
            var scanner = default(SipFrameScanner);
            var consumed = 0;
            var received = 0;
            while (received < wire.Length)
            {
                var previous = received;
                received = Math.Min(wire.Length, received + readSize);
                var buffer = Segments.SplitAt(wire.AsMemory(consumed, received - consumed), Math.Max(0, previous - consumed));
                while (!buffer.IsEmpty)
                {
                    var status = scanner.Scan(buffer, s_limits, out var length, out var isPing, out var failure);
                    Assert.NotEqual(FrameStatus.Invalid, status);
                    if (status == FrameStatus.NeedMore)
                    {
                        break;
                    }

                    if (status == FrameStatus.Complete)
                    {
                        frames.Add(buffer.Slice(0, length).ToArray());
                    }

                    pings += isPing ? 1 : 0;
                    buffer = buffer.Slice(length);
                    consumed += (int)length;
                }
            }

            Assert.Equal(wire.Length, consumed);
            Assert.Equal(parts.Select(p => p.Message), frames);
            Assert.Equal(parts.Sum(p => p.KeepAlive.Split("\r\n\r\n").Length - 1), pings);
        });
}
