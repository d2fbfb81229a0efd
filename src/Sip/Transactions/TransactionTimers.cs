using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Timers for every transaction of the layer. RFC 3261 timers take a handful of fixed delays (T1·2ⁿ, T2, T4, 64·T1),
/// and timers with the same delay come due in the order they were started: so each delay gets a FIFO queue and one
/// <see cref="ITimer"/> armed for its head. Starting a timer is an enqueue, cancelling it a flag; at the benchmark
/// rate that replaces hundreds of thousands of live system timers (Timer J alone keeps UDP server transactions
/// 32 s) with a few. Time comes from the injected <see cref="TimeProvider"/>, so tests run in virtual time.
/// </summary>
internal sealed class TransactionTimers : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, DelayQueue> _queues = new();
    private int _pending;

    public TransactionTimers(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Timers started and neither fired nor cancelled.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public TransactionTimer Start(TimeSpan delay, Action<object> callback, object state)
    {
        var ticks = Math.Max(0, delay.Ticks);
        var queue = _queues.GetOrAdd(ticks, static (t, self) => new DelayQueue(self, t), this);
        Interlocked.Increment(ref _pending);
        return queue.Add(callback, state);
    }

    internal void OnEnded() => Interlocked.Decrement(ref _pending);

    public void Dispose()
    {
        foreach (var q in _queues.Values)
        {
            q.Dispose();
        }
    }

    private sealed class DelayQueue : IDisposable
    {
        private static readonly long s_batchTicks = TimeSpan.FromMilliseconds(10).Ticks;

        private readonly Queue<TransactionTimer> _entries = new();
        private readonly Lock _gate = new();
        private readonly TransactionTimers _owner;
        private readonly long _delay;
        private readonly ITimer _timer;
        private bool _armed;

        public DelayQueue(TransactionTimers owner, long delay)
        {
            _owner = owner;
            _delay = delay;
            _timer = owner._time.CreateTimer(static s => ((DelayQueue)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public TransactionTimer Add(Action<object> callback, object state)
        {
            lock (_gate)
            {
                var entry = new TransactionTimer(_owner, Now + _delay, callback, state);
                _entries.Enqueue(entry);
                if (!_armed)
                {
                    _armed = true;
                    _timer.Change(TimeSpan.FromTicks(_delay), Timeout.InfiniteTimeSpan);
                }

                return entry;
            }
        }

        private long Now => _owner._time.GetUtcNow().UtcTicks;

        /// <summary>Timers taken off the queue per lock: a fan-out starts thousands with one delay, which come due together.</summary>
        private const int FireBatch = 64;

        private void Fire()
        {
            var due = new TransactionTimer[FireBatch];
            while (true)
            {
                var count = 0;
                var more = false;
                lock (_gate)
                {
                    var now = Now;
                    while (count < FireBatch && _entries.TryPeek(out var head) && head.Due <= now)
                    {
                        due[count++] = _entries.Dequeue();
                    }

                    if (count == FireBatch)
                    {
                        more = true;
                    }
                    else if (_entries.TryPeek(out var next))
                    {
                        // Entries due within the next few milliseconds wait for one batch: at thousands of timers a
                        // second, re-arming for each head woke a pool thread per timer. RFC timers are not that exact.
                        _timer.Change(TimeSpan.FromTicks(Math.Max(next.Due - now, s_batchTicks)), Timeout.InfiniteTimeSpan);
                    }
                    else
                    {
                        _armed = false;
                    }
                }

                // Outside the lock: a callback may start the next timer on this very queue (Timer E re-arming). A callback
                // that throws is a bug of ours; it must not strand the timers queued behind it, nor reach the thread
                // pool, where an unhandled exception ends the process.
                for (var i = 0; i < count; i++)
                {
                    try
                    {
                        due[i].Fire();
                    }
                    catch (Exception ex)
                    {
                        TransactionLog.TimerFault(_owner._logger, ex);
                    }

                    due[i] = null!;
                }

                if (!more)
                {
                    return;
                }
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
