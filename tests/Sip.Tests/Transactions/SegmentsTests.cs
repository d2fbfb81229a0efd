using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class SegmentsTests
{
    [Fact]
    public void Bytes_spanning_several_segments_read_back_whole_and_compare_to_the_last_byte()
    {
        var store = new Segments<byte>(64 << 10);
        Assert.Equal(8 << 10, store.SegmentLength);
        store.Append(new byte[100]);
        var value = new byte[(3 * store.SegmentLength) + 17];
        new Random(3).NextBytes(value);
        var at = store.Tail;
        store.Append(value);

        var read = new byte[value.Length];
        store.Read(at, read);
        Assert.Equal(value, read);
        Assert.True(store.SequenceEqual(at, value));
        value[^1] ^= 1;
        Assert.False(store.SequenceEqual(at, value));
        Assert.Equal(4L * store.SegmentLength, store.RetainedBytes);
    }

    [Fact]
    public void Fits_only_what_the_budget_holds_counted_from_the_oldest_byte_still_needed()
    {
        var store = new Segments<byte>(64 << 10);
        var size = store.SegmentLength;
        Assert.Equal(8, store.MaxSegments);
        store.Append(new byte[(7 * size) + 10]);

        Assert.True(store.Fits(0, size - 10));
        Assert.False(store.Fits(0, size - 9));
        Assert.True(store.Fits(size, size - 9));
        Assert.True(store.Fits(store.Tail, store.MaxAppend));
    }

    [Fact]
    public void Steady_traffic_reuses_the_segment_it_lets_go_of_and_allocates_nothing()
    {
        var store = new Segments<byte>(64 << 10);
        var chunk = new byte[700];
        var head = 0L;
        void Step()
        {
            // Keeps two segments' worth, letting go of what is older before appending, as the table does.
            head = Math.Max(head, store.Tail + chunk.Length - (2 * store.SegmentLength));
            store.ReleaseBefore(head);
            store.Append(chunk);
        }

        for (var i = 0; i < 1000; i++)
        {
            Step();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Step();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(store.RetainedBytes, 3L * store.SegmentLength, 4L * store.SegmentLength);
    }

    [Fact]
    public void Releasing_at_the_tail_lets_go_of_everything_and_trim_drops_the_spare()
    {
        var store = new Segments<byte>(64 << 10);
        store.Append(new byte[(2 * store.SegmentLength) + 1]);
        store.ReleaseBefore(store.Tail);
        Assert.Equal(store.SegmentLength, store.RetainedBytes);
        store.Trim();
        Assert.Equal(0, store.RetainedBytes);

        // The next bytes go on at the same position, in a fresh segment.
        var at = store.Tail;
        store.Append([1, 2, 3]);
        var read = new byte[3];
        store.Read(at, read);
        Assert.Equal(new byte[] { 1, 2, 3 }, read);
    }

    [Fact]
    public void Items_wider_than_a_byte_are_read_in_place_by_position_across_segments()
    {
        // 4 096 longs: eight segments of 512.
        var store = new Segments<long>(4096);
        Assert.Equal(512, store.SegmentLength);
        for (var i = 0L; i < 1500; i++)
        {
            store.Append([i * 3]);
        }

        Assert.Equal(1500, store.Tail);
        Assert.Equal(511 * 3, store[511]);
        Assert.Equal(512 * 3, store[512]);
        Assert.Equal(1499 * 3, store[1499]);
        Assert.True(store.SequenceEqual(510, [510 * 3, 511 * 3, 512 * 3]));
        Assert.False(store.SequenceEqual(510, [510 * 3, 511 * 3, 0]));
        Assert.Equal(3L * 512 * sizeof(long), store.RetainedBytes);
    }
}
