using System.Buffers;
using System.Runtime.InteropServices;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Tests.Properties;

/// <summary>
/// The contract for hostile bytes, checked on every entry point the receive loop uses: Parse and Scan answer and never
/// throw, Success agrees with Failure, frames never claim bytes the buffer lacks, and whatever Parse accepts reads
/// through every typed view and writes to a message that parses back to the same headers and body.
/// </summary>
internal static class ReceiveContract
{
    private static readonly SipLimits s_default = new();
    private static readonly SipLimits s_tight = new() { MaxDatagramSize = 1300, MaxHeaderSectionBytes = 1024, MaxHeaderCount = 16, MaxBodyBytes = 64 };

    // Written messages use long names and always carry Content-Length, so they may need more room than the original.
    private static readonly SipLimits s_roomy = new() { MaxHeaderSectionBytes = 1024 * 1024, MaxHeaderCount = 10_000 };

    /// <summary>Runs every entry point; <paramref name="cut"/> places the read boundaries of the stream cases.</summary>
    public static void Check(byte[] input, int cut)
    {
        foreach (var limits in new[] { s_default, s_tight })
        {
            foreach (var isDatagram in new[] { true, false })
            {
                var result = SipMessageParser.Parse(input, limits, isDatagram);
                Assert.Equal(result.Success, result.Failure is null);
                if (result.Success)
                {
                    AssertRoundTrip(result.Message!);
                }
                else
                {
                    _ = result.Failure!.Value.ReasonPhrase;
                    if (result.Message is { } readable)
                    {
                        _ = SipMessageWriter.ToArray(readable);
                    }

                    if (result.Message is SipRequest partial && partial.TopVia is not null)
                    {
                        // The transport answers a broken request that has a Via.
                        _ = SipMessageWriter.ToArray(SipResponseFactory.Create(partial, result.Failure.Value.StatusCode, result.Failure.Value.ReasonPhrase));
                    }
                }
            }

            ScanAll(new ReadOnlySequence<byte>(input), limits);
            ScanAll(Segments.SplitAt(input, input.Length == 0 ? 0 : cut % (input.Length + 1)), limits);
            ScanGrowing(input, limits, 1 + (cut % 97));
        }
    }

    /// <summary>An accepted message: every typed view reads (value or null), and parse(write(m)) keeps every header and the body.</summary>
    public static void AssertRoundTrip(SipMessage message)
    {
        _ = message.CallId;
        _ = message.CSeq;
        _ = message.From?.ToString();
        _ = message.To?.Tag;
        _ = message.TopVia?.ToString();
        _ = message.Contact?.ToString();
        _ = message.Vias.Count();
        _ = message.Expires;
        _ = message.ContentType;
        if (message is SipRequest request)
        {
            _ = request.RequestUri.ToString();
            _ = request.MaxForwards;
            _ = request.EventPackage;
        }

        if (message is SipRequest answered)
        {
            // The answer copies Via, From, To, Call-ID and CSeq: it must parse wherever it is sent.
            var answer = SipMessageParser.Parse(SipMessageWriter.ToArray(SipResponseFactory.Create(answered, 200)), s_roomy, isDatagram: false);
            Assert.True(answer.Success, $"the answer to an accepted request does not parse: {answer.Failure}");
        }

        var again = SipMessageParser.Parse(SipMessageWriter.ToArray(message), s_roomy, isDatagram: false);
        Assert.True(again.Success, $"accepted message did not parse after writing: {again.Failure}");
        Assert.Equal(FieldsOf(message), FieldsOf(again.Message!));
        Assert.Equal(message.Body.ToArray(), again.Message!.Body.ToArray());
    }

    /// <summary>Every field but Content-Length, which the writer computes.</summary>
    public static List<(string Name, string Value)> FieldsOf(SipMessage message) =>
        [.. message.Headers.Where(h => h.Kind != HeaderKind.ContentLength).Select(h => (h.Name, h.Value))];

    /// <summary>Consumes frames the way the read loop does; every answer must be consistent with the buffer.</summary>
    private static void ScanAll(ReadOnlySequence<byte> buffer, SipLimits limits)
    {
        var scanner = default(SipFrameScanner);
        while (true)
        {
            var status = scanner.Scan(buffer, limits, out var length, out _, out _);
            if (status is not (FrameStatus.Complete or FrameStatus.KeepAlive))
            {
                Assert.Equal(0, length);
                return;
            }

            Assert.InRange(length, 1, buffer.Length);
            if (status == FrameStatus.Complete)
            {
                AssertFramedAlike(buffer.Slice(0, length).ToArray(), limits);
            }

            buffer = buffer.Slice(length);
        }
    }

    /// <summary>
    /// The parser must see the frame the framer cut: no disagreement about Content-Length, and the body it reads ends
    /// where the frame ends. Otherwise the next message on the connection would start in the wrong place.
    /// </summary>
    private static void AssertFramedAlike(byte[] frame, SipLimits limits)
    {
        var result = SipMessageParser.Parse(frame, limits, isDatagram: false);
        Assert.False(result.Failure?.Reason is SipFailureReason.InvalidContentLength or SipFailureReason.BodyShorterThanContentLength, $"framed, then refused: {result.Failure}");
        Assert.False(result.Failure is { Reason: SipFailureReason.MissingRequiredHeader or SipFailureReason.DuplicateSingleHeader } f && f.Detail.Contains("Content-Length", StringComparison.Ordinal), $"framed, then refused: {result.Failure}");
        if (result.Message is { Body: var body } && result.Success)
        {
            Assert.True(MemoryMarshal.TryGetArray(body, out var segment));
            Assert.Equal(frame.Length, segment.Offset + segment.Count);
        }
    }

    /// <summary>The input arriving <paramref name="step"/> bytes at a time, split where the last read ended, until a frame is decided.</summary>
    private static void ScanGrowing(byte[] input, SipLimits limits, int step)
    {
        var scanner = default(SipFrameScanner);
        var previous = 0;
        while (previous < input.Length)
        {
            var n = Math.Min(input.Length, previous + step);
            var status = scanner.Scan(Segments.SplitAt(input.AsMemory(0, n), previous), limits, out var length, out _, out _);
            previous = n;
            if (status != FrameStatus.NeedMore)
            {
                Assert.InRange(length, status == FrameStatus.Invalid ? 0 : 1, n);
                return;
            }
        }
    }
}
