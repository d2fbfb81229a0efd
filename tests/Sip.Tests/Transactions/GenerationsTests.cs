using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class GenerationsTests
{
    [Fact]
    public void A_new_generation_leaves_the_older_ones_as_they_were_newest_first()
    {
        var generations = new Generations<long>(4, 1000);
        generations.Newest[1] = 11;
        Assert.True(generations.TryStart(8, until: 100));
        generations.Newest[1] = 22;

        Assert.Equal(2, generations.Count);
        Assert.Equal(8, generations[0].Length);
        Assert.Equal(22, generations[0][1]);
        Assert.Equal(4, generations[1].Length);
        Assert.Equal(11, generations[1][1]);
        Assert.Equal(12, generations.HeldItems);
    }

    [Fact]
    public void The_newest_takes_at_most_half_the_budget_and_all_of_them_stay_within_it()
    {
        var generations = new Generations<long>(4, 100);
        Assert.Equal(32, generations.MaxLength);

        // Every doubling from the first fits: 4 + 8 + 16 + 32 = 60.
        Assert.True(generations.TryStart(8, 1));
        Assert.True(generations.TryStart(16, 2));
        Assert.True(generations.TryStart(32, 3));
        Assert.False(generations.TryStart(64, 4));

        // A shrink, and a burst before the larger ones go: 60 + 4 + 8 + 16 = 88, and 32 more would make 120.
        Assert.True(generations.TryStart(4, 4));
        Assert.True(generations.TryStart(8, 5));
        Assert.True(generations.TryStart(16, 6));
        Assert.False(generations.TryStart(32, 7));
        Assert.Equal(16, generations.Newest.Length);

        // Once the older ones go, it fits.
        generations.Retire(6);
        Assert.Equal(16, generations.HeldItems);
        Assert.True(generations.TryStart(32, 7));
        Assert.Equal(48, generations.HeldItems);
    }

    [Fact]
    public void Retire_lets_go_of_the_older_generations_whose_time_came_and_never_the_newest()
    {
        var generations = new Generations<long>(4, 1000);
        generations.TryStart(8, until: 10);
        generations.TryStart(16, until: 20);

        generations.Retire(9);
        Assert.Equal(3, generations.Count);
        generations.Retire(10);
        Assert.Equal(2, generations.Count);
        Assert.Equal(8, generations[1].Length);
        generations.Retire(long.MaxValue);
        Assert.Equal(1, generations.Count);
        Assert.Equal(16, generations.Newest.Length);
    }

    [Fact]
    public void A_length_out_of_range_or_unchanged_starts_nothing_and_reset_returns_to_the_start()
    {
        var generations = new Generations<long>(4, 1000);
        Assert.False(generations.TryStart(1, 1));
        Assert.True(generations.TryStart(1 << 20, 1));
        Assert.Equal(generations.MaxLength, generations.Newest.Length);

        generations.Newest[0] = 5;
        generations.Reset();
        Assert.Equal(1, generations.Count);
        Assert.Equal(4, generations.Newest.Length);
        Assert.Equal(0, generations.Newest[0]);
        Assert.Equal(4, generations.HeldItems);
    }

    [Fact]
    public void Fit_starts_a_newest_twice_the_live_items_when_mostly_empty_and_resets_when_none_is_live()
    {
        var generations = new Generations<long>(4, 1000);
        generations.TryStart(64, until: 1);

        // 8 live of 64: not mostly empty.
        generations.Fit(8, until: 2);
        Assert.Equal(64, generations.Newest.Length);

        // 5 live: a newest of 16 (twice, rounded up to a power of two) beside the 64 until its time.
        generations.Fit(5, until: 3);
        Assert.Equal(16, generations.Newest.Length);
        Assert.Equal(3, generations.Count);

        generations.Fit(0, until: 4);
        Assert.Equal(1, generations.Count);
        Assert.Equal(4, generations.Newest.Length);
        Assert.Equal(4, generations.HeldItems);
    }
}
