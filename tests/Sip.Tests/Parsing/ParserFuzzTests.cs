using System.Buffers;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Tests.Parsing;

/// <summary>
/// The contract for hostile bytes: Parse and Scan return an answer and never throw, frames never claim more than the
/// buffer holds, and whatever Parse accepts can be read and written and parses again. Seeded, so a failure repeats.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int CasesPerSeed = 1000;

    private static readonly SipLimits s_default = new();
    private static readonly SipLimits s_tight = new() { MaxDatagramSize = 1300, MaxHeaderSectionBytes = 1024, MaxHeaderCount = 16, MaxBodyBytes = 64 };

    private static readonly byte[] s_interesting = "\r\n \t:;,\"<>%\\@=?/[]*\0\u007f"u8.ToArray();

    private static readonly Lazy<byte[][]> s_corpus = new(() =>
        [.. SampleMessages.All.Values, .. TortureCorpus.Kinds.Keys.Order(StringComparer.Ordinal).Select(TortureCorpus.Read)]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Mutated_messages_never_throw(int seed)
    {
        var random = new Random(seed);
        var corpus = s_corpus.Value;
        var accepted = 0;
        for (var i = 0; i < CasesPerSeed; i++)
        {
            var input = i % 50 == 0 ? Garbage(random) : Mutate(random, corpus[random.Next(corpus.Length)]);
            try
            {
                accepted += Exercise(input, random) ? 1 : 0;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"seed {seed} case {i}: {e.GetType().Name}: {e.Message}\ninput: {Convert.ToBase64String(input)}\n{e.StackTrace}");
            }
        }

        // The mutations must reach both sides of the parser to mean anything.
        Assert.InRange(accepted, CasesPerSeed / 20, CasesPerSeed * 9 / 10);
    }

    private static byte[] Garbage(Random random)
    {
        var bytes = new byte[random.Next(2000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var rounds = 1 + random.Next(2);
        for (var r = 0; r < rounds; r++)
        {
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    // Truncation.
                    bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                    break;
                case 1 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 2 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = s_interesting[random.Next(s_interesting.Length)];
                    break;
                case 3:
                    bytes.Insert(random.Next(bytes.Count + 1), s_interesting[random.Next(s_interesting.Length)]);
                    break;
                case 4 when bytes.Count > 1:
                    var start = random.Next(bytes.Count);
                    bytes.RemoveRange(start, random.Next(Math.Min(40, bytes.Count - start)));
                    break;
                case 5 when bytes.Count > 1:
                    var from = random.Next(bytes.Count);
                    var chunk = bytes.Skip(from).Take(1 + random.Next(200)).ToArray();
                    bytes.InsertRange(random.Next(bytes.Count + 1), chunk);
                    break;
                case 6:
                    bytes.InsertRange(random.Next(bytes.Count + 1), "\r\n "u8.ToArray());
                    break;
                default:
                    var garbage = new byte[random.Next(64)];
                    random.NextBytes(garbage);
                    bytes.InsertRange(random.Next(bytes.Count + 1), garbage);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Runs every entry point; true when the default-limit datagram parse accepted the input.</summary>
    private static bool Exercise(byte[] input, Random random)
    {
        var accepted = SipMessageParser.Parse(input, s_default, isDatagram: true).Success;
        foreach (var limits in new[] { s_default, s_tight })
        {
            foreach (var isDatagram in new[] { true, false })
            {
                var result = SipMessageParser.Parse(input, limits, isDatagram);
                Assert.Equal(result.Success, result.Failure is null);
                if (result.Success)
                {
                    ReadEverything(result.Message!);
                }
                else
                {
                    _ = result.Failure!.Value.StatusCode;
                    _ = result.Failure.Value.ReasonPhrase;
                    if (result.Message is { } partial)
                    {
                        _ = SipMessageWriter.ToArray(partial);
                    }
                }
            }

            ScanAll(new ReadOnlySequence<byte>(input), limits);
            ScanAll(Segments.SplitAt(input, random.Next(input.Length + 1)), limits);
            ScanGrowing(input, limits, random);
        }

        return accepted;
    }

    private static void ReadEverything(SipMessage message)
    {
        _ = message.CallId;
        _ = message.CSeq;
        _ = message.From;
        _ = message.To;
        _ = message.TopVia;
        _ = message.Vias.Count();
        _ = message.Expires;
        _ = message.ContentType;
        foreach (var field in message.Headers)
        {
            _ = field.Name;
            _ = field.Value;
        }

        if (message is SipRequest request)
        {
            _ = request.MaxForwards;
            _ = request.EventPackage;
        }

        var written = SipMessageWriter.ToArray(message);
        var again = SipMessageParser.Parse(written, new SipLimits { MaxHeaderSectionBytes = 1024 * 1024, MaxHeaderCount = 10_000 }, isDatagram: false);
        Assert.True(again.Success, $"accepted message did not parse after writing: {again.Failure}");
    }

    /// <summary>Consumes frames the way a read loop would; every answer must be consistent with the buffer.</summary>
    private static void ScanAll(ReadOnlySequence<byte> buffer, SipLimits limits)
    {
        var scanner = default(SipFrameScanner);
        while (true)
        {
            var status = scanner.Scan(buffer, limits, out var length, out _, out _);
            switch (status)
            {
                case FrameStatus.Complete or FrameStatus.KeepAlive:
                    Assert.InRange(length, 1, buffer.Length);
                    if (status == FrameStatus.Complete)
                    {
                        _ = SipMessageParser.Parse(buffer.Slice(0, length).ToArray(), limits, isDatagram: false);
                    }

                    buffer = buffer.Slice(length);
                    break;
                default:
                    Assert.Equal(0, length);
                    return;
            }
        }
    }

    private static void ScanGrowing(byte[] input, SipLimits limits, Random random)
    {
        var scanner = default(SipFrameScanner);
        var n = 0;
        while (n < input.Length)
        {
            n = Math.Min(input.Length, n + 1 + random.Next(64));
            var status = scanner.Scan(Segments.SplitAt(input.AsMemory(0, n), random.Next(n + 1)), limits, out var length, out _, out _);
            if (status != FrameStatus.NeedMore)
            {
                Assert.InRange(length, status == FrameStatus.Invalid ? 0 : 1, n);
                return;
            }
        }
    }
}
