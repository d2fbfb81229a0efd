using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

public sealed class ForcedCollectionsTests
{
    [Fact]
    public void Collects_at_most_once_a_second_and_says_how_long_to_wait()
    {
        var time = new ManualTimeProvider();
        var collections = new ForcedCollections(time);
        var gen2 = GC.CollectionCount(2);

        Assert.True(collections.TryCollect(out _));
        Assert.True(GC.CollectionCount(2) > gen2);

        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.False(collections.TryCollect(out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(600), retryAfter);

        time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.True(collections.TryCollect(out _));
    }
}
