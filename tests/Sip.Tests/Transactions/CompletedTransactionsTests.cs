using System.Text;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class CompletedTransactionsTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(32);

    private readonly ManualTimeProvider _time = new();
    private readonly TransactionTimers _timers;

    public CompletedTransactionsTests() => _timers = new TransactionTimers(_time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public void Dispose() => _timers.Dispose();

    [Fact]
    public void Finds_the_value_by_exact_key_only()
    {
        var table = New();
        table.Add(Key("SUBSCRIBE\nz9hG4bK1"), Bytes("flow"), Bytes("SIP/2.0 200 OK"));

        Assert.True(table.TryGetValue(Key("SUBSCRIBE\nz9hG4bK1"), out var value));
        Assert.Equal("flowSIP/2.0 200 OK", Encoding.UTF8.GetString(value));
        Assert.False(table.Contains(Key("SUBSCRIBE\nz9hG4bK")));
        Assert.False(table.Contains(Key("SUBSCRIBE\nz9hG4bK12")));
        Assert.False(table.Contains(Key("NOTIFY\nz9hG4bK1")));
    }

    [Fact]
    public void Entries_sharing_a_key_are_told_apart_by_their_tag()
    {
        var table = New();
        table.AddTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK1"), Bytes("flow"), Bytes("200"));
        _time.AdvanceSeconds(1);
        table.AddTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK2"), Bytes("flow"), Bytes("482"));

        Assert.Equal(CompletedTransactions.TaggedMatch.Found, table.FindTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK1"), out var first));
        Assert.Equal("flow200", Encoding.UTF8.GetString(first));
        Assert.Equal(CompletedTransactions.TaggedMatch.Found, table.FindTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK2"), out var second));
        Assert.Equal("flow482", Encoding.UTF8.GetString(second));
        Assert.Equal(CompletedTransactions.TaggedMatch.Found, table.MatchTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK1")));

        // A tag that only starts like one kept, or is longer than it, is another.
        Assert.Equal(CompletedTransactions.TaggedMatch.Other, table.FindTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK"), out _));
        Assert.Equal(CompletedTransactions.TaggedMatch.Other, table.FindTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK12"), out _));
        Assert.Equal(CompletedTransactions.TaggedMatch.None, table.FindTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n2"), Bytes("SUBSCRIBE\nz9hG4bK1"), out _));
        Assert.Equal(CompletedTransactions.TaggedMatch.Other, table.MatchTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK3")));
        Assert.Equal(CompletedTransactions.TaggedMatch.None, table.MatchTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n2"), Bytes("SUBSCRIBE\nz9hG4bK1")));

        // Each expires on its own: the first's lifetime ends, the second's key is still there.
        _time.AdvanceSeconds(31.5);
        Assert.Equal(CompletedTransactions.TaggedMatch.Other, table.FindTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK1"), out _));
        _time.AdvanceSeconds(1);
        Assert.Equal(CompletedTransactions.TaggedMatch.None, table.FindTagged(Key("\nfrom1\ncall-1\nSUBSCRIBE\n1"), Bytes("SUBSCRIBE\nz9hG4bK2"), out _));
    }

    [Fact]
    public void Entries_expire_after_their_lifetime_and_the_sweep_timer_stops_when_empty()
    {
        var table = New();
        table.Add(Key("a"), [], []);
        _time.AdvanceSeconds(10);
        table.Add(Key("b"), [], []);

        _time.AdvanceSeconds(21.9);
        Assert.Equal(2, table.Count);
        _time.AdvanceSeconds(0.1);
        Assert.False(table.Contains(Key("a")));
        Assert.True(table.Contains(Key("b")));

        _time.AdvanceSeconds(10);
        Assert.Equal(0, table.Count);
        _time.AdvanceSeconds(64);
        Assert.Equal(0, _timers.Pending);
    }

    [Fact]
    public void At_its_budget_every_entry_it_still_holds_is_found_however_many_keys_came_within_a_lifetime()
    {
        var table = new CompletedTransactions(Lifetime, 64 * 1024, _timers, _time);
        for (var i = 0; i < 5000; i++)
        {
            table.Add(Key($"key{i}"), [], Bytes("value"));
        }

        var held = table.Count;
        Assert.InRange(held, 1, 4999);
        for (var i = 5000 - held; i < 5000; i++)
        {
            Assert.True(table.Contains(Key($"key{i}")), $"key{i}");
        }

        Assert.False(table.Contains(Key($"key{4999 - held}")));
    }

    [Fact]
    public void Grows_and_wraps_around_while_entries_expire_with_every_live_value_intact()
    {
        var table = New();
        var random = new Random(7);
        var added = new List<(string Key, byte[] Value, long At)>();
        var step = TimeSpan.FromMilliseconds(2);
        var now = 0L;

        // 40 000 entries over 80 virtual seconds of varying sizes: the rings grow, wrap and expire at the same time.
        for (var i = 0; i < 40_000; i++)
        {
            var value = new byte[random.Next(0, 900)];
            random.NextBytes(value);
            var key = $"SUBSCRIBE\nz9hG4bK{i}-{new string('x', random.Next(0, 60))}";
            table.Add(Key(key), value.AsSpan(0, value.Length / 2), value.AsSpan(value.Length / 2));
            added.Add((key, value, now));
            _time.Advance(step);
            now += step.Ticks;
        }

        foreach (var (key, value, at) in added)
        {
            var live = now - at < Lifetime.Ticks;
            Assert.Equal(live, table.TryGetValue(Key(key), out var stored));
            if (live)
            {
                Assert.Equal(value, stored);
            }
        }
    }

    [Fact]
    public void Tagged_entries_survive_growth_and_wrapping_whole()
    {
        var table = New();
        var random = new Random(11);
        var added = new List<(string Key, string Tag, byte[] Value, long At)>();
        var step = TimeSpan.FromMilliseconds(4);
        var now = 0L;
        for (var i = 0; i < 20_000; i++)
        {
            var value = new byte[random.Next(0, 900)];
            random.NextBytes(value);
            var key = $"\nf{i / 2}\ncall\nSUBSCRIBE\n1";
            var tag = $"SUBSCRIBE\nz9hG4bK{i}-{new string('t', random.Next(0, 60))}";
            table.AddTagged(Key(key), Bytes(tag), value.AsSpan(0, value.Length / 3), value.AsSpan(value.Length / 3));
            added.Add((key, tag, value, now));
            _time.Advance(step);
            now += step.Ticks;
        }

        foreach (var (key, tag, value, at) in added)
        {
            var live = now - at < Lifetime.Ticks;
            var match = table.FindTagged(Key(key), Bytes(tag), out var stored);
            Assert.Equal(live, match == CompletedTransactions.TaggedMatch.Found);
            if (live)
            {
                Assert.Equal(value, stored);
            }
        }
    }

    [Fact]
    public void Growing_the_buckets_rehashes_nothing_and_the_entries_from_before_are_found_until_they_expire()
    {
        var table = New();
        for (var i = 0; i < 256; i++)
        {
            table.Add(Key($"k{i}"), Bytes($"v{i}"), []);
        }

        var before = table.RetainedBytes;
        _time.AdvanceSeconds(1);

        // The 257th entry starts a generation of 512 buckets beside the first 256, which stay as they are.
        table.Add(Key("k256"), Bytes("v256"), []);
        Assert.Equal(before + (512 * sizeof(long)), table.RetainedBytes);
        for (var i = 257; i < 320; i++)
        {
            table.Add(Key($"k{i}"), Bytes($"v{i}"), []);
        }

        for (var i = 0; i < 320; i++)
        {
            Assert.True(table.TryGetValue(Key($"k{i}"), out var value), $"k{i}");
            Assert.Equal($"v{i}", Encoding.UTF8.GetString(value));
        }

        // Once the first 256 have expired, the next add lets go of their buckets (the 64 left are too many for the
        // sweep at 32 s to start a smaller generation).
        _time.AdvanceSeconds(31.5);
        table.Add(Key("k320"), Bytes("v320"), []);
        Assert.Equal(before + ((512 - 256) * sizeof(long)), table.RetainedBytes);
        Assert.False(table.Contains(Key("k255")));
        Assert.True(table.Contains(Key("k256")));
        Assert.True(table.Contains(Key("k320")));
    }

    [Fact]
    public void The_sweep_gives_memory_back_and_keeps_the_survivors_whole()
    {
        var table = New();
        var filler = new byte[700];
        var empty = table.RetainedBytes;
        for (var i = 0; i < 20_000; i++)
        {
            table.Add(Key($"old{i}"), filler, []);
        }

        var full = table.RetainedBytes;
        Assert.True(full > 20_000 * 700, $"{full} bytes retained for 20 000 entries of 700 bytes");

        _time.AdvanceSeconds(20);
        for (var i = 0; i < 10; i++)
        {
            table.Add(Key($"new{i}"), Bytes($"value{i}"), []);
        }

        // Sweeps run every 8 s: the one at 32 s finds the old entries expired and shrinks the rings around the rest.
        _time.AdvanceSeconds(12);
        Assert.True(table.RetainedBytes < full / 8, $"{table.RetainedBytes} of {full} bytes still retained");
        Assert.Equal(10, table.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(table.TryGetValue(Key($"new{i}"), out var value));
            Assert.Equal($"value{i}", Encoding.UTF8.GetString(value));
        }

        Assert.False(table.Contains(Key("old19999")));

        // Once the last entry has expired, the next sweep returns to the initial size and stops.
        _time.AdvanceSeconds(40);
        Assert.Equal(empty, table.RetainedBytes);
        Assert.Equal(0, _timers.Pending);
    }

    [Fact]
    public void A_value_larger_than_a_byte_segment_is_kept_whole()
    {
        var table = New();
        var large = new byte[(5 << 20) / 2];
        new Random(5).NextBytes(large);
        table.Add(Key("small"), Bytes("before"), []);
        table.Add(Key("large"), large.AsSpan(0, 1000), large.AsSpan(1000));
        table.Add(Key("after"), Bytes("after"), []);

        Assert.True(table.TryGetValue(Key("large"), out var stored));
        Assert.Equal(large, stored);
        Assert.True(table.TryGetValue(Key("after"), out var after));
        Assert.Equal("after", Encoding.UTF8.GetString(after));
    }

    [Fact]
    public void An_entry_too_large_for_the_byte_budget_is_not_kept_and_costs_the_others_nothing()
    {
        // 64 KiB: the bytes get eight segments of 8 KiB, and an entry may need all but one of them.
        var table = new CompletedTransactions(Lifetime, 64 * 1024, _timers, _time);
        table.Add(Key("kept"), Bytes("value"), []);
        table.Add(Key("huge"), new byte[60_000], []);
        table.Add(Key("large"), new byte[50_000], []);

        Assert.False(table.Contains(Key("huge")));
        Assert.True(table.TryGetValue(Key("kept"), out var kept));
        Assert.Equal("value", Encoding.UTF8.GetString(kept));
        Assert.True(table.TryGetValue(Key("large"), out var large));
        Assert.Equal(50_000, large.Length);
        Assert.True(table.RetainedBytes <= 64 * 1024 + (256 * 48), $"{table.RetainedBytes} bytes retained");
    }

    [Fact]
    public void Past_the_entry_room_of_its_budget_the_oldest_goes_first()
    {
        // 1 MiB: a quarter of it holds 5 461 entries of 48 bytes (the entry and its bucket).
        var table = new CompletedTransactions(Lifetime, 1 << 20, _timers, _time);
        for (var i = 0; i < 8000; i++)
        {
            table.Add(Key($"k{i}"), [], []);
        }

        var kept = table.Count;
        Assert.InRange(kept, 4000, 5461);
        Assert.False(table.Contains(Key($"k{8000 - kept - 1}")));
        Assert.True(table.Contains(Key($"k{8000 - kept}")));
        Assert.True(table.Contains(Key("k7999")));
        Assert.True(table.RetainedBytes <= 1 << 20);
    }

    [Fact]
    public void Past_the_byte_budget_the_oldest_go_first_and_the_table_stays_within_it()
    {
        const long budget = 4L << 20;
        var table = new CompletedTransactions(Lifetime, budget, _timers, _time);
        var value = new byte[1000];
        var peak = 0L;

        // 40 MB offered within one lifetime: ten times the budget.
        for (var i = 0; i < 40_000; i++)
        {
            value[0] = (byte)i;
            table.Add(Key($"k{i}"), value, []);
            peak = Math.Max(peak, table.RetainedBytes);
        }

        Assert.True(peak <= budget, $"{peak} bytes retained with a budget of {budget}");
        Assert.True(table.Count > budget * 2 / 3 / 1000, $"{table.Count} entries kept");
        Assert.False(table.Contains(Key("k0")));
        for (var i = 39_000; i < 40_000; i++)
        {
            Assert.True(table.TryGetValue(Key($"k{i}"), out var stored), $"k{i}");
            Assert.Equal((byte)i, stored[0]);
            Assert.Equal(1000, stored.Length);
        }
    }

    [Fact]
    public void Clear_forgets_everything_and_cancels_the_sweep()
    {
        var table = New();
        table.Add(Key("a"), Bytes("v"), []);
        table.Clear();

        Assert.False(table.Contains(Key("a")));
        Assert.Equal(0, _timers.Pending);
        table.Add(Key("a"), Bytes("w"), []);
        Assert.True(table.TryGetValue(Key("a"), out var value));
        Assert.Equal("w", Encoding.UTF8.GetString(value));
    }

    private CompletedTransactions New() => new(Lifetime, 64L << 20, _timers, _time);

    private static TransactionKey Key(string text) => new(Bytes(text), Encoding.UTF8.GetByteCount(text));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
