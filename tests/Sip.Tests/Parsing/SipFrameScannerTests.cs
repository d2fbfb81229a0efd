using System.Buffers;
using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Parsing;

/// <summary>Framing on a stream: whole, split at every offset, one byte per segment, every prefix, back to back.</summary>
public sealed class SipFrameScannerTests
{
    private static readonly SipLimits s_limits = new();

    private static FrameStatus Scan(ReadOnlySequence<byte> buffer, out long length, out bool isPing, out SipFailure failure, SipLimits? limits = null)
    {
        var scanner = default(SipFrameScanner);
        return scanner.Scan(buffer, limits ?? s_limits, out length, out isPing, out failure);
    }

    private static void AssertComplete(ReadOnlySequence<byte> buffer, long expected)
    {
        Assert.Equal(FrameStatus.Complete, Scan(buffer, out var length, out var isPing, out _));
        Assert.Equal(expected, length);
        Assert.False(isPing);
    }

    [Theory]
    [MemberData(nameof(SampleMessages.Names), MemberType = typeof(SampleMessages))]
    public void Frames_message_fed_whole(string name)
    {
        var bytes = SampleMessages.All[name];
        AssertComplete(new ReadOnlySequence<byte>(bytes), bytes.Length);
    }

    [Theory]
    [MemberData(nameof(SampleMessages.Names), MemberType = typeof(SampleMessages))]
    public void Frames_message_split_at_every_offset(string name)
    {
        var bytes = SampleMessages.All[name];
        for (var at = 0; at <= bytes.Length; at++)
        {
            AssertComplete(Segments.SplitAt(bytes, at), bytes.Length);
        }
    }

    [Theory]
    [MemberData(nameof(SampleMessages.Names), MemberType = typeof(SampleMessages))]
    public void Frames_message_one_byte_per_segment(string name)
    {
        var bytes = SampleMessages.All[name];
        AssertComplete(Segments.Bytewise(bytes), bytes.Length);
    }

    [Theory]
    [MemberData(nameof(SampleMessages.Names), MemberType = typeof(SampleMessages))]
    public void Every_strict_prefix_needs_more(string name)
    {
        var bytes = SampleMessages.All[name];
        for (var n = 1; n < bytes.Length; n++)
        {
            Assert.Equal(FrameStatus.NeedMore, Scan(new ReadOnlySequence<byte>(bytes, 0, n), out var length, out _, out _));
            Assert.Equal(0, length);
        }
    }

    [Theory]
    [MemberData(nameof(SampleMessages.Names), MemberType = typeof(SampleMessages))]
    public void Growing_buffer_with_one_scanner_completes_once_whole(string name)
    {
        // The scanner keeps its progress between calls, as a connection's read loop uses it.
        var bytes = SampleMessages.All[name];
        var scanner = default(SipFrameScanner);
        for (var n = 1; n < bytes.Length; n++)
        {
            Assert.Equal(FrameStatus.NeedMore, scanner.Scan(Segments.SplitAt(bytes.AsMemory(0, n), n / 2), s_limits, out _, out _, out _));
        }

        Assert.Equal(FrameStatus.Complete, scanner.Scan(Segments.SplitAt(bytes, bytes.Length / 3), s_limits, out var length, out _, out _));
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void Two_messages_back_to_back_frame_one_at_a_time()
    {
        var first = SampleMessages.LyncSubscribe;
        var second = SampleMessages.Ok;
        byte[] both = [.. first, .. "\r\n\r\n"u8, .. second];
        var buffer = Segments.SplitAt(both, first.Length + 1);
        var scanner = default(SipFrameScanner);

        Assert.Equal(FrameStatus.Complete, scanner.Scan(buffer, s_limits, out var length, out _, out _));
        Assert.Equal(first.Length, length);
        Assert.True(SipMessageParser.Parse(buffer.Slice(0, length).ToArray(), s_limits, isDatagram: false).Success);
        buffer = buffer.Slice(length);

        Assert.Equal(FrameStatus.KeepAlive, scanner.Scan(buffer, s_limits, out length, out var isPing, out _));
        Assert.Equal(4, length);
        Assert.True(isPing);
        buffer = buffer.Slice(length);

        Assert.Equal(FrameStatus.Complete, scanner.Scan(buffer, s_limits, out length, out _, out _));
        Assert.Equal(second.Length, length);
        Assert.Equal(second.Length, buffer.Length);
    }

    [Theory]
    [InlineData("\r\n\r\n", FrameStatus.KeepAlive, 4, true)]
    [InlineData("\r\n\r\n\r\n", FrameStatus.KeepAlive, 4, true)]
    [InlineData("\r\nOPTIONS", FrameStatus.KeepAlive, 2, false)]
    [InlineData("\r\n\n", FrameStatus.KeepAlive, 2, false)]
    [InlineData("\nOPTIONS", FrameStatus.KeepAlive, 1, false)]
    [InlineData("\r", FrameStatus.NeedMore, 0, false)]
    [InlineData("\r\n", FrameStatus.NeedMore, 0, false)]
    [InlineData("\r\n\r", FrameStatus.NeedMore, 0, false)]
    [InlineData("", FrameStatus.NeedMore, 0, false)]
    [InlineData("\rX", FrameStatus.Invalid, 0, false)]
    public void Keep_alives(string text, FrameStatus expected, long expectedLength, bool expectedPing)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        foreach (var buffer in new[] { new ReadOnlySequence<byte>(bytes), Segments.Bytewise(bytes) })
        {
            Assert.Equal(expected, Scan(buffer, out var length, out var isPing, out _));
            Assert.Equal(expectedLength, length);
            Assert.Equal(expectedPing, isPing);
        }
    }

    [Fact]
    public void Header_section_over_the_limit_is_invalid_as_soon_as_it_is_passed()
    {
        var limits = new SipLimits { MaxHeaderSectionBytes = 1024 };
        var bytes = Encoding.ASCII.GetBytes("OPTIONS sip:a@example.com SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-Pad: 0123456789\r\n", 100)));
        var scanner = default(SipFrameScanner);
        for (var n = 1; n < 1024; n += 7)
        {
            Assert.Equal(FrameStatus.NeedMore, scanner.Scan(new ReadOnlySequence<byte>(bytes, 0, n), limits, out _, out _, out _));
        }

        Assert.Equal(FrameStatus.Invalid, scanner.Scan(new ReadOnlySequence<byte>(bytes, 0, 1024), limits, out _, out _, out var failure));
        Assert.Equal(SipFailureReason.HeaderSectionTooLarge, failure.Reason);
        Assert.Equal(513, failure.StatusCode);

        // A fresh scanner over a long buffer gives the same answer, without looking past the limit.
        Assert.Equal(FrameStatus.Invalid, Scan(Segments.Bytewise(bytes), out _, out _, out failure, limits));
        Assert.Equal(SipFailureReason.HeaderSectionTooLarge, failure.Reason);
    }

    [Fact]
    public void Header_section_exactly_at_the_limit_frames()
    {
        var limits = new SipLimits { MaxHeaderSectionBytes = 1024 };
        var head = "OPTIONS sip:a@example.com SIP/2.0\r\nContent-Length: 0\r\nX-Pad: ";
        var pad = new string('p', 1024 - head.Length - 4);
        var bytes = Encoding.ASCII.GetBytes(head + pad + "\r\n\r\n");
        Assert.Equal(1024, bytes.Length);
        var scanner = default(SipFrameScanner);
        Assert.Equal(FrameStatus.Complete, scanner.Scan(new ReadOnlySequence<byte>(bytes), limits, out var length, out _, out _));
        Assert.Equal(1024, length);

        var over = Encoding.ASCII.GetBytes(head + pad + "p\r\n\r\n");
        Assert.Equal(FrameStatus.Invalid, Scan(new ReadOnlySequence<byte>(over), out _, out _, out var failure, limits));
        Assert.Equal(SipFailureReason.HeaderSectionTooLarge, failure.Reason);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n", SipFailureReason.MissingRequiredHeader)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Lengthy: 0\r\n\r\n", SipFailureReason.MissingRequiredHeader)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nX-Content-Length: 0\r\n\r\n", SipFailureReason.MissingRequiredHeader)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: abc\r\n\r\n", SipFailureReason.InvalidContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -5\r\n\r\n", SipFailureReason.InvalidContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length:\r\n\r\n", SipFailureReason.InvalidContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 12345678901\r\n\r\n", SipFailureReason.InvalidContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 65537\r\n\r\n", SipFailureReason.BodyTooLarge)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\nl: 0\r\n\r\n", SipFailureReason.DuplicateSingleHeader)]
    public void Invalid_frames(string text, SipFailureReason reason)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        foreach (var buffer in new[] { new ReadOnlySequence<byte>(bytes), Segments.Bytewise(bytes) })
        {
            Assert.Equal(FrameStatus.Invalid, Scan(buffer, out var length, out _, out var failure));
            Assert.Equal(reason, failure.Reason);
            Assert.Equal(0, length);
        }
    }

    [Theory]
    [InlineData("Content-Length: 4")]
    [InlineData("content-length:4")]
    [InlineData("CONTENT-LENGTH : 4")]
    [InlineData("l: 4")]
    [InlineData("L\t:\t4")]
    [InlineData("Content-Length:\r\n 4")]
    [InlineData("Content-Length: \r\n\t4  ")]
    [InlineData("Content-Length: 0004")]
    public void Finds_content_length_in_any_spelling(string line)
    {
        var bytes = Encoding.ASCII.GetBytes($"OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n{line}\r\nTo: y\r\n\r\nbody");
        foreach (var buffer in new[] { new ReadOnlySequence<byte>(bytes), Segments.Bytewise(bytes) })
        {
            Assert.Equal(FrameStatus.Complete, Scan(buffer, out var length, out _, out _));
            Assert.Equal(bytes.Length, length);
        }
    }

    [Fact]
    public void Bare_lf_header_end_frames()
    {
        var bytes = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\nl: 2\n\nhi");
        Assert.Equal(FrameStatus.Complete, Scan(new ReadOnlySequence<byte>(bytes), out var length, out _, out _));
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void Body_not_yet_arrived_needs_more_and_nothing_is_consumed()
    {
        var bytes = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nl: 10\r\n\r\n12345");
        var scanner = default(SipFrameScanner);
        Assert.Equal(FrameStatus.NeedMore, scanner.Scan(new ReadOnlySequence<byte>(bytes), s_limits, out var length, out _, out _));
        Assert.Equal(0, length);

        byte[] whole = [.. bytes, .. "67890NEXT"u8];
        Assert.Equal(FrameStatus.Complete, scanner.Scan(new ReadOnlySequence<byte>(whole), s_limits, out length, out _, out _));
        Assert.Equal(bytes.Length + 5, length);
    }
}
