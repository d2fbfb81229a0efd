using System.Buffers;
using BenchmarkDotNet.Attributes;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Benchmarks;

/// <summary>
/// SipMessageParser.Parse on a datagram (what the UDP listener does per packet), with and without reading the typed
/// headers the core reads for every request (top Via + branch, CSeq, From/To tags, Call-ID).
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private static readonly SipLimits Limits = new();
    private ReadOnlyMemory<byte> _lync;
    private ReadOnlyMemory<byte> _sipp;
    private ReadOnlyMemory<byte> _sippOk;
    private ReadOnlyMemory<byte> _sippUnsubscribe;

    [GlobalSetup]
    public void Setup()
    {
        _lync = Messages.LyncSubscribe;
        _sipp = Messages.SippSubscribe;
        _sippOk = Messages.SippNotifyOk;
        _sippUnsubscribe = Messages.SippUnsubscribe;
        foreach (var m in new[] { _lync, _sipp, _sippOk, _sippUnsubscribe })
        {
            var r = SipMessageParser.Parse(m, Limits, isDatagram: true);
            if (!r.Success)
            {
                throw new InvalidOperationException($"benchmark message does not parse: {r.Failure}");
            }
        }
    }

    [Benchmark(Description = "Parse Lync SUBSCRIBE (1.6 KB)")]
    public SipMessage? ParseLync() => SipMessageParser.Parse(_lync, Limits, isDatagram: true).Message;

    [Benchmark(Description = "Parse SIPp SUBSCRIBE (409 B)")]
    public SipMessage? ParseSipp() => SipMessageParser.Parse(_sipp, Limits, isDatagram: true).Message;

    [Benchmark(Description = "Parse SIPp 200 OK to NOTIFY")]
    public SipMessage? ParseSippOk() => SipMessageParser.Parse(_sippOk, Limits, isDatagram: true).Message;

    [Benchmark(Description = "Parse SIPp in-dialog SUBSCRIBE")]
    public SipMessage? ParseSippUnsubscribe() => SipMessageParser.Parse(_sippUnsubscribe, Limits, isDatagram: true).Message;

    [Benchmark(Description = "Parse Lync + typed headers")]
    public int ParseLyncTyped() => ReadTyped(SipMessageParser.Parse(_lync, Limits, isDatagram: true).Message!);

    [Benchmark(Description = "Parse SIPp + typed headers")]
    public int ParseSippTyped() => ReadTyped(SipMessageParser.Parse(_sipp, Limits, isDatagram: true).Message!);

    /// <summary>What the transaction layer and UAS core read of each request.</summary>
    private static int ReadTyped(SipMessage m)
    {
        var via = m.TopVia!;
        var cseq = m.CSeq!.Value;
        var n = via.Branch!.Length + via.Host.Length + (int)cseq.Number + cseq.Method.Length;
        n += m.From!.Tag!.Length + (m.To!.Tag?.Length ?? 0) + m.CallId!.Length;
        n += ((SipRequest)m).RequestUri.Host.Length + (m.Expires is { } e ? (int)e : 0);
        return n;
    }
}

/// <summary>
/// SipFrameScanner on a stream: the message arrives in segments (as from a PipeReader over TCP/TLS reads).
/// </summary>
[MemoryDiagnoser]
public class FrameScanBenchmarks
{
    private static readonly SipLimits Limits = new();
    private ReadOnlySequence<byte> _lyncSegmented;
    private ReadOnlySequence<byte> _sippSegmented;
    private ReadOnlySequence<byte> _lyncSingle;

    /// <summary>Segment size of the multi-segment sequences.</summary>
    [Params(256)]
    public int SegmentBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lyncSegmented = Segment(Messages.LyncSubscribe, SegmentBytes);
        _sippSegmented = Segment(Messages.SippSubscribe, SegmentBytes);
        _lyncSingle = new ReadOnlySequence<byte>(Messages.LyncSubscribe);
        if (Scan(_lyncSegmented) != Messages.LyncSubscribe.Length || Scan(_sippSegmented) != Messages.SippSubscribe.Length)
        {
            throw new InvalidOperationException("frame scan did not find the whole message");
        }
    }

    [Benchmark(Description = "Scan Lync SUBSCRIBE, 256 B segments")]
    public long ScanLyncSegmented() => Scan(_lyncSegmented);

    [Benchmark(Description = "Scan SIPp SUBSCRIBE, 256 B segments")]
    public long ScanSippSegmented() => Scan(_sippSegmented);

    [Benchmark(Description = "Scan Lync SUBSCRIBE, one segment")]
    public long ScanLyncSingle() => Scan(_lyncSingle);

    private static long Scan(in ReadOnlySequence<byte> seq)
    {
        var scanner = default(SipFrameScanner);
        var status = scanner.Scan(seq, Limits, out var length, out _, out var failure);
        return status == FrameStatus.Complete ? length : throw new InvalidOperationException($"{status} {failure}");
    }

    private static ReadOnlySequence<byte> Segment(byte[] data, int size)
    {
        Chunk? first = null, last = null;
        for (var i = 0; i < data.Length; i += size)
        {
            var c = new Chunk(data.AsMemory(i, Math.Min(size, data.Length - i)));
            if (first is null)
            {
                first = last = c;
            }
            else
            {
                last = last!.Append(c);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Chunk Append(Chunk next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
            return next;
        }
    }
}
