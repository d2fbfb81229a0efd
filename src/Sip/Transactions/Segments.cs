using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// A first-in first-out store for <see cref="CompletedTransactions"/>, of its entries and of their bytes: items are
/// appended at a position that only grows and let go of from the oldest end, in segments of a fixed size that are never
/// copied. Rings that doubled copied everything they held under the table's lock: the bytes growing past 32 MB at
/// 10 000 calls/s stalled every request for about 15 ms, the entries growing past 131 072 for about 3 ms
/// (bench/RESULTS.md, issue 13, thirteenth and fourteenth sessions); here growing costs one segment.
/// </summary>
/// <remarks>
/// Segment n holds positions [n·length, (n+1)·length); the held segments are consecutive numbers, kept in a ring of
/// references sized for the most the budget allows. One segment let go of is kept as a spare for the next, so steady
/// traffic allocates nothing; <see cref="Trim"/> drops it. Not thread-safe: the table's lock guards it.
/// </remarks>
internal sealed class Segments<T>
    where T : unmanaged
{
    private const int MaxSegmentBytes = 1 << 20;
    private const int MinSegmentBytes = 4 << 10;

    private static readonly int s_itemBytes = Unsafe.SizeOf<T>();

    private readonly int _shift;
    private readonly T[]?[] _held;
    private T[]? _spare;
    private long _first;
    private int _count;

    /// <summary>A store of at most <paramref name="maxItems"/> (at least eight segments' worth, so an append never needs them all).</summary>
    public Segments(long maxItems)
    {
        var smallest = PowerOfTwoAtMost(MinSegmentBytes / s_itemBytes);
        var largest = PowerOfTwoAtMost(MaxSegmentBytes / s_itemBytes);
        _shift = System.Numerics.BitOperations.Log2((ulong)Math.Clamp(PowerOfTwoAtMost(maxItems / 8), smallest, largest));
        MaxSegments = (int)Math.Max(8, maxItems / SegmentLength);
        _held = new T[]?[System.Numerics.BitOperations.RoundUpToPowerOf2((uint)MaxSegments)];
    }

    /// <summary>Items in a segment.</summary>
    public int SegmentLength => 1 << _shift;

    public int MaxSegments { get; }

    /// <summary>The longest append that always fits, wherever in a segment it starts.</summary>
    public long MaxAppend => (long)(MaxSegments - 1) * SegmentLength;

    /// <summary>Where the next item appended goes.</summary>
    public long Tail { get; private set; }

    /// <summary>Bytes of the segments held, the spare included.</summary>
    public long RetainedBytes => ((long)_count + (_spare is null ? 0 : 1)) * SegmentLength * s_itemBytes;

    /// <summary>The item at <paramref name="position"/>, which must be held.</summary>
    public ref readonly T this[long position] => ref _held[(position >> _shift) & (_held.Length - 1)]![position & (SegmentLength - 1)];

    /// <summary>Whether the items from <paramref name="head"/> through <paramref name="length"/> more fit in the budget.</summary>
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
    public void Append(ReadOnlySpan<T> source)
    {
        while (!source.IsEmpty)
        {
            var room = Run(Tail, source.Length, allocate: true);
            source[..room.Length].CopyTo(room);
            source = source[room.Length..];
            Tail += room.Length;
        }
    }

    public void Read(long position, Span<T> destination)
    {
        while (!destination.IsEmpty)
        {
            var run = Run(position, destination.Length, allocate: false);
            run.CopyTo(destination);
            destination = destination[run.Length..];
            position += run.Length;
        }
    }

    /// <summary>Whether the items from <paramref name="position"/> are <paramref name="items"/>, bit for bit.</summary>
    public bool SequenceEqual(long position, ReadOnlySpan<T> items)
    {
        while (!items.IsEmpty)
        {
            var run = Run(position, items.Length, allocate: false);
            if (!MemoryMarshal.AsBytes(run).SequenceEqual(MemoryMarshal.AsBytes(items[..run.Length])))
            {
                return false;
            }

            items = items[run.Length..];
            position += run.Length;
        }

        return true;
    }

    private static long PowerOfTwoAtMost(long value) => 1L << System.Numerics.BitOperations.Log2((ulong)Math.Max(1, value));

    /// <summary>The items from <paramref name="position"/> up to <paramref name="length"/> or the end of its segment, whichever is first.</summary>
    private Span<T> Run(long position, int length, bool allocate)
    {
        var number = position >> _shift;
        if (allocate && (_count == 0 || number == _first + _count))
        {
            if (_count == 0)
            {
                _first = number;
            }

            _held[number & (_held.Length - 1)] = _spare ?? GC.AllocateUninitializedArray<T>(SegmentLength);
            _spare = null;
            _count++;
        }

        var at = (int)(position & (SegmentLength - 1));
        return _held[number & (_held.Length - 1)].AsSpan(at, Math.Min(length, SegmentLength - at));
    }
}
