using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class CompletedBranchesTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ManualTimeProvider _time = new();
    private readonly TransactionTimers _timers;

    public CompletedBranchesTests() => _timers = new TransactionTimers(_time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public void Dispose() => _timers.Dispose();

    [Fact]
    public void Finds_a_branch_with_its_method_until_it_expires_and_the_sweep_stops_when_empty()
    {
        var table = new CompletedBranches(Lifetime, 1 << 20, _timers, _time);
        var branch = new ClientBranch(0x1234, 7);
        table.Add(branch, "NOTIFY");

        Assert.True(table.Contains(branch, "NOTIFY"));
        Assert.False(table.Contains(branch, "SUBSCRIBE"));
        Assert.False(table.Contains(branch with { Random = 0x1235 }, "NOTIFY"));
        Assert.False(table.Contains(branch with { Counter = 8 }, "NOTIFY"));

        _time.AdvanceSeconds(4.9);
        Assert.True(table.Contains(branch, "NOTIFY"));
        _time.AdvanceSeconds(0.1);
        Assert.False(table.Contains(branch, "NOTIFY"));
        Assert.Equal(0, table.Count);
        _time.AdvanceSeconds(10);
        Assert.Equal(0, _timers.Pending);
    }

    [Fact]
    public void Grows_while_live_entries_would_share_a_slot_and_stays_within_its_budget()
    {
        const long budget = 64 * 1024;
        var table = new CompletedBranches(Lifetime, budget, _timers, _time);
        var start = table.RetainedBytes;

        // Counters one initial array apart land on the same slot until the array grows.
        for (var i = 0u; i < 2000; i++)
        {
            table.Add(new ClientBranch(i, i * 256), "NOTIFY");
        }

        Assert.True(table.RetainedBytes > start);
        Assert.InRange(table.RetainedBytes, 0, budget);
        Assert.True(table.Contains(new ClientBranch(1999, 1999 * 256), "NOTIFY"));

        // A flood past the budget costs older entries, never more memory: no more are found than there are slots.
        var found = Enumerable.Range(0, 2000).Count(i => table.Contains(new ClientBranch((uint)i, (uint)i * 256), "NOTIFY"));
        Assert.InRange(found, 1, table.RetainedBytes / 24);
    }

    [Fact]
    public void Growing_copies_nothing_and_what_the_older_slots_hold_is_found_until_it_expires()
    {
        var table = new CompletedBranches(Lifetime, 1 << 20, _timers, _time);
        for (var i = 0u; i < 256; i++)
        {
            table.Add(new ClientBranch(i, i), "NOTIFY");
        }

        _time.AdvanceSeconds(2);
        var before = table.RetainedBytes;

        // Counter 256 meets counter 0's live slot: the slots double, in a generation of their own.
        table.Add(new ClientBranch(256, 256), "NOTIFY");
        Assert.Equal(before + (512 * 24), table.RetainedBytes);
        Assert.True(table.Contains(new ClientBranch(0, 0), "NOTIFY"));
        Assert.True(table.Contains(new ClientBranch(256, 256), "NOTIFY"));
        Assert.Equal(257, table.Count);

        // The first 256 expire at 5 s. Their generation was told to go a lifetime after it was superseded, at 7 s: the
        // first add after that lets go of it.
        _time.AdvanceSeconds(3);
        Assert.False(table.Contains(new ClientBranch(0, 0), "NOTIFY"));
        Assert.True(table.Contains(new ClientBranch(256, 256), "NOTIFY"));
        _time.AdvanceSeconds(3);
        table.Add(new ClientBranch(258, 258), "NOTIFY");
        Assert.Equal(512 * 24, table.RetainedBytes);
        Assert.True(table.Contains(new ClientBranch(258, 258), "NOTIFY"));
    }

    [Fact]
    public void Gives_memory_back_once_its_entries_expired()
    {
        var table = new CompletedBranches(Lifetime, 1 << 20, _timers, _time);
        var start = table.RetainedBytes;
        for (var i = 0u; i < 4000; i++)
        {
            table.Add(new ClientBranch(i, i), "NOTIFY");
        }

        Assert.True(table.RetainedBytes > start);
        Assert.Equal(4000, table.Count);
        _time.AdvanceSeconds(11);
        Assert.Equal(start, table.RetainedBytes);
    }
}
