using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Benchmarks;

/// <summary>
/// The one Add that makes the completed-transaction table grow, which every request waits for (it holds the table's
/// lock): each iteration fills a fresh table, with the budget TransactionLayer gives it by default, up to just before a
/// growth step, then times the next Add alone. Bytes: entries of 480 bytes up to 32 MiB of keys and values (where a
/// doubling byte ring copied 32 MiB into a 35 MB array). Entries: small entries up to 131 072 (where the entry ring
/// doubles and rehashes). Uses only the table's constructor and Add, so the file runs unchanged on older commits.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MaxColumn]
[MedianColumn]
[InvocationCount(1)]
public class CompletedGrowthBenchmarks
{
    private const int ByteEntryLength = 480;
    private const int EntryRingSize = 131_072;

    private readonly byte[] _value = new byte[ByteEntryLength - 16];
    private TransactionTimers _timers = null!;
    private CompletedTransactions _table = null!;
    private int _next;

    [GlobalSetup]
    public void Setup() => _timers = new TransactionTimers(TimeProvider.System, NullLogger.Instance);

    [GlobalCleanup]
    public void Cleanup() => _timers.Dispose();

    [IterationSetup(Target = nameof(BytesPast32MiB))]
    public void FillBytes() => Fill((32 << 20) / ByteEntryLength, _value);

    [IterationSetup(Target = nameof(EntriesPast131072))]
    public void FillEntries() => Fill(EntryRingSize, []);

    [Benchmark(Description = "Add that takes the bytes past 32 MiB")]
    public void BytesPast32MiB() => _table.Add(Key(_next++), _value, []);

    [Benchmark(Description = "Add that takes the entries past 131 072")]
    public void EntriesPast131072() => _table.Add(Key(_next++), [], []);

    private void Fill(int count, byte[] value)
    {
        _table = new CompletedTransactions(TimeSpan.FromSeconds(32), new SipTransactionOptions().MaxCompletedBytes * 3 / 4, _timers, TimeProvider.System);
        for (_next = 0; _next < count; _next++)
        {
            _table.Add(Key(_next), value, []);
        }
    }

    // 16 bytes, so a byte entry is exactly ByteEntryLength long.
    private static TransactionKey Key(int i)
    {
        var bytes = Encoding.ASCII.GetBytes($"z9hG4bK{i:D9}");
        return new TransactionKey(bytes, bytes.Length);
    }
}
