using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Benchmarks;

/// <summary>
/// The one Add that makes a completed-transaction table grow, which every request waits for (it holds the table's
/// lock): each iteration fills a fresh table, with the budget TransactionLayer gives it by default, up to just before a
/// growth step, then times the next Add alone. Bytes: entries of 480 bytes up to 32 MiB of keys and values (where a
/// doubling byte ring copied 32 MiB into a 35 MB array). Entries: small entries up to 65 536 and 131 072 (where the
/// entry ring doubled and rehashed; where the buckets start a generation). Client slots: branches in the client table
/// (Timer K) up to the one that first gives it room for 131 072 (found by a first fill: 65 536 where the slots doubled
/// by copying, 65 280 where they double in generations). Uses only the tables' constructors, Add and RetainedBytes, so
/// the file runs unchanged on older commits.
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
    private const int EntryHalfRingSize = 65_536;
    private const int ClientSlots = 131_072;
    private const int ClientSlotBytes = 24;

    private readonly byte[] _value = new byte[ByteEntryLength - 16];
    private TransactionTimers _timers = null!;
    private CompletedTransactions _table = null!;
    private CompletedBranches _client = null!;
    private int _next;
    private int _clientGrowthAt;

    [GlobalSetup]
    public void Setup()
    {
        _timers = new TransactionTimers(TimeProvider.System, NullLogger.Instance);
        var probe = NewClientTable();
        while (probe.RetainedBytes < (long)ClientSlots * ClientSlotBytes)
        {
            if (_clientGrowthAt == 4 * ClientSlots)
            {
                throw new InvalidOperationException($"the client table never held room for {ClientSlots} branches");
            }

            probe.Add(new ClientBranch(1, (uint)_clientGrowthAt++), "NOTIFY");
        }

        _clientGrowthAt--;
    }

    [GlobalCleanup]
    public void Cleanup() => _timers.Dispose();

    [IterationSetup(Target = nameof(BytesPast32MiB))]
    public void FillBytes() => Fill((32 << 20) / ByteEntryLength, _value);

    [IterationSetup(Target = nameof(EntriesPast131072))]
    public void FillEntries() => Fill(EntryRingSize, []);

    [IterationSetup(Target = nameof(EntriesPast65536))]
    public void FillHalfEntries() => Fill(EntryHalfRingSize, []);

    [IterationSetup(Target = nameof(ClientSlotsTo131072))]
    public void FillClient()
    {
        _client = NewClientTable();
        for (_next = 0; _next < _clientGrowthAt; _next++)
        {
            _client.Add(new ClientBranch(1, (uint)_next), "NOTIFY");
        }
    }

    [Benchmark(Description = "Add that takes the bytes past 32 MiB")]
    public void BytesPast32MiB() => _table.Add(Key(_next++), _value, []);

    [Benchmark(Description = "Add that takes the entries past 65 536")]
    public void EntriesPast65536() => _table.Add(Key(_next++), [], []);

    [Benchmark(Description = "Add that takes the entries past 131 072")]
    public void EntriesPast131072() => _table.Add(Key(_next++), [], []);

    [Benchmark(Description = "Add that gives the client table room for 131 072")]
    public void ClientSlotsTo131072() => _client.Add(new ClientBranch(1, (uint)_next++), "NOTIFY");

    private CompletedBranches NewClientTable() =>
        new(TimeSpan.FromSeconds(5), new SipTransactionOptions().MaxCompletedBytes / 4, _timers, TimeProvider.System);

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
