using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Benchmarks;

/// <summary>
/// What a lookup in the completed-transaction table costs while the bucket generations of a ramp are still live (the
/// first lifetime after load rises: ten generations, 256 to 131 072 buckets) against one generation (once they have
/// gone): 1 024 lookups of keys not in a table of 131 072 entries, as every new request makes. The clock stands still,
/// so nothing expires while BenchmarkDotNet runs.
/// </summary>
[MemoryDiagnoser]
public class CompletedLookupBenchmarks
{
    private const int Entries = 131_072;
    private const int Lookups = 1_024;

    private readonly StillTime _time = new();
    private TransactionTimers _timers = null!;
    private CompletedTransactions _ramp = null!;
    private CompletedTransactions _settled = null!;
    private TransactionKey[] _missing = [];

    [GlobalSetup]
    public void Setup()
    {
        _timers = new TransactionTimers(_time, NullLogger.Instance);
        _ramp = Filled("ramp");

        // Filled once, expired, filled again: the generations of the first fill have gone.
        _settled = Filled("first");
        _time.Now += TimeSpan.FromMinutes(1);
        for (var i = 0; i < Entries; i++)
        {
            _settled.Add(Key($"settled{i}"), [], []);
        }

        _missing = [.. Enumerable.Range(0, Lookups).Select(i => Key($"missing{i}"))];
    }

    [GlobalCleanup]
    public void Cleanup() => _timers.Dispose();

    [Benchmark(Baseline = true, Description = "1 024 misses, one generation", OperationsPerInvoke = Lookups)]
    public int Settled() => Misses(_settled);

    [Benchmark(Description = "1 024 misses, a ramp's ten generations", OperationsPerInvoke = Lookups)]
    public int Ramp() => Misses(_ramp);

    private int Misses(CompletedTransactions table)
    {
        var found = 0;
        foreach (var key in _missing)
        {
            found += table.Contains(key) ? 1 : 0;
        }

        return found;
    }

    private CompletedTransactions Filled(string prefix)
    {
        var table = new CompletedTransactions(TimeSpan.FromSeconds(32), new SipTransactionOptions().MaxCompletedBytes * 3 / 4, _timers, _time);
        for (var i = 0; i < Entries; i++)
        {
            table.Add(Key($"{prefix}{i}"), [], []);
        }

        return table;
    }

    private static TransactionKey Key(string text)
    {
        var bytes = Encoding.ASCII.GetBytes($"SUBSCRIBE\nz9hG4bK{text}");
        return new TransactionKey(bytes, bytes.Length);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class StillTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
