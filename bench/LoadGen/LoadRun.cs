using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Security;

namespace PresenceAgent.LoadGen;

/// <summary>
/// Starts <see cref="LoadOptions.Calls"/> calls at <see cref="LoadOptions.Rate"/> a second, each on a new connection
/// or on the next of <paramref name="pool"/>'s, and gathers their outcome and times. Bounded: no call starts after the planned count, and whatever is still running
/// at <see cref="LoadOptions.Deadline"/> is cancelled and counted as failed.
/// </summary>
internal sealed class LoadRun(LoadOptions options, SslClientAuthenticationOptions? tls, ConnectionPool? pool)
{
    private readonly SipCall _call = new(options, tls, pool, Guid.NewGuid().ToString("N")[..8]);
    private readonly double[] _setup = Unset(options.Calls);
    private readonly double[] _subscribe = Unset(options.Calls);
    private readonly double[] _unsubscribe = Unset(options.Calls);
    private readonly double[] _whole = Unset(options.Calls);
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _successful;
    private long _started;
    private int _inFlight;
    private int _peak;
    private volatile bool _allLaunched;

    public async Task<Dictionary<string, object>> RunAsync()
    {
        using var deadline = new CancellationTokenSource(options.Deadline);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var launched = await Task.Factory.StartNew(() => Launch(start, deadline.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var launchSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        _allLaunched = true;
        if (Volatile.Read(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }

        try
        {
            await _drained.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The deadline cancelled the calls still running; each counts itself as failed on the way out.
            await _drained.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }

        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var failed = _failures.Values.Sum();
        // SIPp's rule (tools/sipp_summary.py): the run may not stretch past 110 % of its duration plus 2 s.
        var sustained = launched == options.Calls && elapsed <= options.DurationSeconds * 1.1 + 2;
        return new Dictionary<string, object>
        {
            ["transport"] = tls is null ? "tcp" : options.Tls12 ? "tls1.2" : "tls",
            ["tls_resume"] = tls?.AllowTlsResume ?? false,
            ["connect_only"] = options.ConnectOnly,
            ["reset"] = options.Reset,
            ["connections"] = options.Connections,
            ["pool_open_s"] = Math.Round(pool?.OpenSeconds ?? 0, 3),
            ["stray_messages"] = pool?.Stray ?? 0,
            ["rate"] = options.Rate,
            ["duration_s"] = options.DurationSeconds,
            ["calls"] = options.Calls,
            ["started"] = Interlocked.Read(ref _started),
            ["successful"] = Interlocked.Read(ref _successful),
            ["failed"] = failed,
            ["failures"] = new SortedDictionary<string, long>(_failures, StringComparer.Ordinal),
            ["peak_in_flight"] = _peak,
            ["launch_s"] = Math.Round(launchSeconds, 3),
            ["elapsed_s"] = Math.Round(elapsed, 3),
            ["sustained"] = sustained,
            ["clean"] = sustained && failed == 0 && Interlocked.Read(ref _successful) == options.Calls,
            ["rtd_ms"] = new Dictionary<string, object>
            {
                ["setup"] = Percentiles.Of(_setup),
                ["sub"] = Percentiles.Of(_subscribe),
                ["unsub"] = Percentiles.Of(_unsubscribe),
                ["call"] = Percentiles.Of(_whole),
            },
            ["client_cpu_s"] = Math.Round(cpuSeconds, 3),
            ["client_cpu_avg_pct"] = Math.Round(cpuSeconds / elapsed * 100, 1),
            ["client_cpu_us_per_call"] = _successful > 0 ? Math.Round(cpuSeconds / _successful * 1e6, 1) : 0,
        };
    }

    /// <summary>
    /// Starts the calls on schedule, on a thread of its own that sleeps a millisecond at a time (one wake-up per
    /// millisecond, where a Task.Delay costs the timer thread's and a pool worker's); each call runs its first step
    /// here, until it waits for the network. Returns how many calls it started.
    /// </summary>
    private long Launch(long start, CancellationToken deadline)
    {
        long launched = 0;
        while (launched < options.Calls && !deadline.IsCancellationRequested)
        {
            // Calls due by now; a late scheduler catches up at once rather than lowering the rate.
            var due = Math.Min(options.Calls, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * options.Rate) + 1);
            for (; launched < due; launched++)
            {
                if (Volatile.Read(ref _inFlight) >= options.Limit)
                {
                    Fail("limit");
                    continue;
                }

                _ = RunOneAsync(launched, deadline);
            }

            Thread.Sleep(1);
        }

        return launched;
    }

    private async Task RunOneAsync(long n, CancellationToken deadline)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _peak, inFlight);
        Interlocked.Increment(ref _started);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            timeout.CancelAfter(options.CallTimeout);
            var times = await _call.RunAsync(n, timeout.Token);
            _setup[n] = times.Setup;
            _subscribe[n] = times.Subscribe;
            _unsubscribe[n] = times.Unsubscribe;
            _whole[n] = times.Call;
            Interlocked.Increment(ref _successful);
        }
        catch (CallFailure f)
        {
            Fail(f.Kind);
        }
        catch (OperationCanceledException)
        {
            Fail("timeout");
        }
        catch (Exception ex)
        {
            Fail(ex.GetType().Name);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && _allLaunched)
            {
                _drained.TrySetResult();
            }
        }
    }

    private void Fail(string kind) => _failures.AddOrUpdate(kind, 1, static (_, n) => n + 1);

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var now && now != seen)
        {
            seen = now;
        }
    }

    private static double[] Unset(long count)
    {
        var a = new double[count];
        Array.Fill(a, double.NaN);
        return a;
    }
}
