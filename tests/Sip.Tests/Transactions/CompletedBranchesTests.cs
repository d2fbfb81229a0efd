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

        // A flood past the budget costs the oldest entries, never more memory.
        Assert.False(table.Contains(new ClientBranch(0, 0), "NOTIFY"));
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
