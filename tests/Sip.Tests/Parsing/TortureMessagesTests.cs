using System.Buffers;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Parsing;

/// <summary>Every RFC 4475 message, one row each, against the manifest's verdict and our choices in <see cref="TortureVerdicts"/>.</summary>
public sealed class TortureMessagesTests
{
    private static readonly SipLimits s_limits = new();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in TortureCorpus.Kinds.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void Corpus_has_all_50_messages_and_each_has_a_verdict()
    {
        Assert.Equal(50, TortureCorpus.Kinds.Count);
        Assert.Equal(
            TortureCorpus.Kinds.Keys.Order(StringComparer.Ordinal),
            TortureVerdicts.All.Keys.Order(StringComparer.Ordinal));
        foreach (var file in TortureCorpus.Kinds.Keys)
        {
            Assert.True(File.Exists(Path.Combine(TortureCorpus.Folder, file)), file);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Datagram_verdict_matches_manifest(string file)
    {
        var kind = TortureCorpus.Kinds[file];
        var (reason, why) = TortureVerdicts.All[file];

        // Our table must agree with the manifest where the RFC leaves no choice.
        switch (kind)
        {
            case "valid" or "valid/udp-only":
                Assert.True(reason is null, $"{file} is valid but our table rejects it: {why}");
                break;
            case "invalid":
                Assert.True(reason is not null, $"{file} is invalid but our table accepts it");
                break;
        }

        var result = SipMessageParser.Parse(TortureCorpus.Read(file), s_limits, isDatagram: true);
        if (reason is null)
        {
            Assert.True(result.Success, $"{file}: {result.Failure}");
            Assert.NotNull(result.Message);
            Assert.Equal(kind != "response", result.Message.IsRequest);
            return;
        }

        Assert.False(result.Success, $"{file} should fail with {reason}");
        var failure = result.Failure!.Value;
        Assert.Equal(reason, failure.Reason);
        Assert.Equal(file == "badvers.dat" ? 505 : 400, failure.StatusCode);
        if (kind != "response")
        {
            // A rejected request comes back with its headers so the core can answer it.
            Assert.NotNull(result.Message);
            Assert.True(result.Message.IsRequest);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Stream_frames_like_the_datagram_parses(string file)
    {
        var bytes = TortureCorpus.Read(file);
        var sequences = new List<ReadOnlySequence<byte>> { new(bytes), Segments.Bytewise(bytes) };
        for (var at = 1; at < bytes.Length; at++)
        {
            sequences.Add(Segments.SplitAt(bytes, at));
        }

        foreach (var sequence in sequences)
        {
            var scanner = default(SipFrameScanner);
            var status = scanner.Scan(sequence, s_limits, out var length, out _, out var failure);
            switch (file)
            {
                case "inv2543.dat":
                    AssertInvalid(SipFailureReason.MissingRequiredHeader);
                    break;
                case "mcl01.dat":
                    AssertInvalid(SipFailureReason.DuplicateSingleHeader);
                    break;
                case "ncl.dat":
                    AssertInvalid(SipFailureReason.InvalidContentLength);
                    break;
                case "clerr.dat":
                    // Content-Length 9999: on a stream we wait for the rest (the transport times out and closes).
                    Assert.Equal(FrameStatus.NeedMore, status);
                    break;
                case "baddn.dat":
                    // The archive copy lacks the empty line, so on a stream the header section never ends.
                    Assert.Equal(FrameStatus.NeedMore, status);
                    break;
                default:
                    Assert.Equal(FrameStatus.Complete, status);
                    var framed = SipMessageParser.Parse(bytes.AsMemory(0, (int)length), s_limits, isDatagram: false);
                    Assert.Equal(TortureVerdicts.All[file].Reason, framed.Failure?.Reason);
                    break;
            }

            void AssertInvalid(SipFailureReason expected)
            {
                Assert.Equal(FrameStatus.Invalid, status);
                Assert.Equal(expected, failure.Reason);
            }
        }
    }
}
