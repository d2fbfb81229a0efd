namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// A first-in first-out byte store for <see cref="CompletedTransactions"/>: bytes are appended at a position that only
/// grows and let go of from the oldest end, in segments of a fixed size that are never copied. A ring that doubled
/// copied everything it held under the table's lock: growing past 32 MB at 10 000 calls/s stalled every request for
/// about 15 ms (bench/RESULTS.md, issue 13, thirteenth session); here growing costs one segment.
/// </summary>
/// <remarks>
/// Segment n holds positions [n·size, (n+1)·size); the held segments are consecutive numbers, kept in a ring of
/// references sized for the most the budget allows. One segment let go of is kept as a spare for the next, so steady
/// traffic allocates nothing; <see cref="Trim"/> drops it. Not thread-safe: the table's lock guards it.
/// </remarks>
internal sealed class ByteSegments
{
    private const int MaxSegmentBytes = 1 << 20;
    private const int MinSegmentBytes = 4 << 10;

    private readonly int _shift;
    private readonly byte[]?[] _held;
    private byte[]? _spare;
    private long _first;
    private int _count;

    /// <summary>A store of at most <paramref name="maxBytes"/> (at least eight segments' worth, so an entry never needs them all).</summary>
    public ByteSegments(long maxBytes)
    {
        var size = Math.Clamp(1L << System.Numerics.BitOperations.Log2((ulong)Math.Max(1, maxBytes / 8)), MinSegmentBytes, MaxSegmentBytes);
        _shift = System.Numerics.BitOperations.Log2((ulong)size);
        MaxSegments = (int)Math.Max(8, maxBytes / size);
        _held = new byte[]?[System.Numerics.BitOperations.RoundUpToPowerOf2((uint)MaxSegments)];
    }

    public int SegmentBytes => 1 << _shift;

    public int MaxSegments { get; }

    /// <summary>The largest entry that always fits, wherever in a segment it starts.</summary>
    public long MaxEntryBytes => (long)(MaxSegments - 1) * SegmentBytes;

    /// <summary>Where the next byte appended goes.</summary>
    public long Tail { get; private set; }

    /// <summary>Segments held, the spare included.</summary>
    public long RetainedBytes => ((long)_count + (_spare is null ? 0 : 1)) * SegmentBytes;

    /// <summary>Whether the bytes from <paramref name="head"/> through <paramref name="length"/> more fit in the budget.</summary>
    public bool Fits(long head, long length) => ((Tail + length - 1) >> _shift) - (head >> _shift) < MaxSegments;

    /// <summary>Lets go of the segments wholly before <paramref name="head"/>, the oldest position still needed; all of them when that is <see cref="Tail"/>.</summary>
    public void ReleaseBefore(long head)
    {
        var keepFrom = head == Tail ? long.MaxValue : head >> _shift;
        while (_count > 0 && _first < keepFrom)
        {
            ref var segment = ref _held[_first & (_held.Length - 1)];
            _spare ??= segment;
            segment = null;
            _first++;
            _count--;
        }
    }

    /// <summary>Drops the spare segment.</summary>
    public void Trim() => _spare = null;

    /// <summary>Appends <paramref name="source"/> at <see cref="Tail"/>; the caller has checked that it <see cref="Fits"/>.</summary>
    public void Append(ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var (segment, at) = SegmentFor(Tail, allocate: true);
            var count = Math.Min(source.Length, segment.Length - at);
            source[..count].CopyTo(segment.AsSpan(at));
            source = source[count..];
            Tail += count;
        }
    }

    public void Read(long position, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var (segment, at) = SegmentFor(position, allocate: false);
            var count = Math.Min(destination.Length, segment.Length - at);
            segment.AsSpan(at, count).CopyTo(destination);
            destination = destination[count..];
            position += count;
        }
    }

    public bool Equals(long position, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var (segment, at) = SegmentFor(position, allocate: false);
            var count = Math.Min(bytes.Length, segment.Length - at);
            if (!segment.AsSpan(at, count).SequenceEqual(bytes[..count]))
            {
                return false;
            }

            bytes = bytes[count..];
            position += count;
        }

        return true;
    }

    private (byte[] Segment, int At) SegmentFor(long position, bool allocate)
    {
        var number = position >> _shift;
        if (allocate && (_count == 0 || number == _first + _count))
        {
            if (_count == 0)
            {
                _first = number;
            }

            _held[number & (_held.Length - 1)] = _spare ?? GC.AllocateUninitializedArray<byte>(SegmentBytes);
            _spare = null;
            _count++;
        }

        return (_held[number & (_held.Length - 1)]!, (int)(position & (SegmentBytes - 1)));
    }
}
