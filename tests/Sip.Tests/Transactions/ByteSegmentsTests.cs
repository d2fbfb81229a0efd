using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class ByteSegmentsTests
{
    [Fact]
    public void Bytes_spanning_several_segments_read_back_whole_and_compare_to_the_last_byte()
    {
        var store = new ByteSegments(64 << 10);
        Assert.Equal(8 << 10, store.SegmentBytes);
        store.Append(new byte[100]);
        var value = new byte[(3 * store.SegmentBytes) + 17];
        new Random(3).NextBytes(value);
        var at = store.Tail;
        store.Append(value);

        var read = new byte[value.Length];
        store.Read(at, read);
        Assert.Equal(value, read);
        Assert.True(store.Equals(at, value));
        value[^1] ^= 1;
        Assert.False(store.Equals(at, value));
        Assert.Equal(4L * store.SegmentBytes, store.RetainedBytes);
    }

    [Fact]
    public void Fits_only_what_the_budget_holds_counted_from_the_oldest_byte_still_needed()
    {
        var store = new ByteSegments(64 << 10);
        var size = store.SegmentBytes;
        Assert.Equal(8, store.MaxSegments);
        store.Append(new byte[(7 * size) + 10]);

        Assert.True(store.Fits(0, size - 10));
        Assert.False(store.Fits(0, size - 9));
        Assert.True(store.Fits(size, size - 9));
        Assert.True(store.Fits(store.Tail, store.MaxEntryBytes));
    }

    [Fact]
    public void Steady_traffic_reuses_the_segment_it_lets_go_of_and_allocates_nothing()
    {
        var store = new ByteSegments(64 << 10);
        var chunk = new byte[700];
        var head = 0L;
        void Step()
        {
            // Keeps two segments' worth, letting go of what is older before appending, as the table does.
            head = Math.Max(head, store.Tail + chunk.Length - (2 * store.SegmentBytes));
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
        Assert.InRange(store.RetainedBytes, 3L * store.SegmentBytes, 4L * store.SegmentBytes);
    }

    [Fact]
    public void Releasing_at_the_tail_lets_go_of_everything_and_trim_drops_the_spare()
    {
        var store = new ByteSegments(64 << 10);
        store.Append(new byte[(2 * store.SegmentBytes) + 1]);
        store.ReleaseBefore(store.Tail);
        Assert.Equal(store.SegmentBytes, store.RetainedBytes);
        store.Trim();
        Assert.Equal(0, store.RetainedBytes);

        // The next bytes go on at the same position, in a fresh segment.
        var at = store.Tail;
        store.Append([1, 2, 3]);
        var read = new byte[3];
        store.Read(at, read);
        Assert.Equal(new byte[] { 1, 2, 3 }, read);
    }
}
