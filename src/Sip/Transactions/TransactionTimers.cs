using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Timers for every transaction of the layer. RFC 3261 timers take a handful of fixed delays (T1·2ⁿ, T2, T4, 64·T1),
/// and timers with the same delay come due in the order they were started: so each delay gets a FIFO queue and one
/// <see cref="ITimer"/> armed for its head. Starting a timer is an enqueue, cancelling it clears its entry; at the
/// benchmark rate that replaces hundreds of thousands of live system timers (Timer J alone keeps UDP server transactions
/// 32 s) with a few. Entries are structs in a ring per queue, so a timer allocates nothing once the ring has grown.
/// Time comes from the injected <see cref="TimeProvider"/>, so tests run in virtual time.
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

    /// <summary>Calls <paramref name="callback"/> with <paramref name="state"/> and <paramref name="token"/> after <paramref name="delay"/>.</summary>
    public TransactionTimer Start(TimeSpan delay, Action<object, int> callback, object state, int token = 0)
    {
        var ticks = Math.Max(0, delay.Ticks);
        var queue = _queues.GetOrAdd(ticks, static (t, self) => new DelayQueue(self, t), this);
        Interlocked.Increment(ref _pending);
        return new TransactionTimer(queue, queue.Add(callback, state, token));
    }

    private void OnEnded() => Interlocked.Decrement(ref _pending);

    public void Dispose()
    {
        foreach (var q in _queues.Values)
        {
            q.Dispose();
        }
    }

    internal sealed class DelayQueue : IDisposable
    {
        private static readonly long s_batchTicks = TimeSpan.FromMilliseconds(10).Ticks;

        /// <summary>A delay's timers may fire this much late, so that they fire in batches (see <see cref="FireSome"/>).</summary>
        private readonly long _slack;

        /// <summary>Live timers taken off the queue per lock: a fan-out starts thousands with one delay, which come due together.</summary>
        private const int FireBatch = 64;

        private readonly Lock _gate = new();
        private readonly TransactionTimers _owner;
        private readonly long _delay;
        private readonly ITimer _timer;
        private Entry[] _ring = new Entry[16];

        // Sequence numbers: the entry of sequence s is at s modulo the ring's length, for _head <= s < _tail.
        private long _head;
        private long _tail;
        private bool _armed;

        public DelayQueue(TransactionTimers owner, long delay)
        {
            _owner = owner;
            _delay = delay;

            // 10 ms, or 1/64 of a long delay: Timers J, K and F (5-32 s) only end what has run its course, and their
            // queues woke the timer thread and a pool thread a hundred times a second each at full load.
            _slack = Math.Max(s_batchTicks, delay / 64);
            _timer = owner._time.CreateTimer(static s => ((DelayQueue)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        private long Now => MessageClock.UtcTicks(_owner._time);

        /// <summary>Queues a timer; returns its sequence number, which cancels it.</summary>
        public long Add(Action<object, int> callback, object state, int token)
        {
            lock (_gate)
            {
                if (_tail - _head == _ring.Length)
                {
                    Grow();
                }

                _ring[_tail & (_ring.Length - 1)] = new Entry(Now + _delay, callback, state, token);
                if (!_armed)
                {
                    _armed = true;
                    _timer.Change(TimeSpan.FromTicks(_delay), Timeout.InfiniteTimeSpan);
                }

                return _tail++;
            }
        }

        /// <summary>Clears the entry, if it is still queued and live, so it lets go of its state now and never fires.</summary>
        public void Cancel(long sequence)
        {
            lock (_gate)
            {
                if (sequence < _head || sequence >= _tail)
                {
                    return;
                }

                ref var entry = ref _ring[sequence & (_ring.Length - 1)];
                if (entry.Callback is null)
                {
                    return;
                }

                entry = entry with { Callback = null, State = null };
            }

            _owner.OnEnded();
        }

        private void Grow()
        {
            var ring = new Entry[_ring.Length * 2];
            for (var s = _head; s < _tail; s++)
            {
                ring[s & (ring.Length - 1)] = _ring[s & (_ring.Length - 1)];
            }

            _ring = ring;
        }

        private void Fire()
        {
            var due = ArrayPool<Entry>.Shared.Rent(FireBatch);
            try
            {
                while (FireSome(due))
                {
                }
            }
            finally
            {
                ArrayPool<Entry>.Shared.Return(due);
            }
        }

        /// <summary>Fires up to a batch of due timers; true when more may be due.</summary>
        private bool FireSome(Entry[] due)
        {
            var count = 0;
            var more = false;
            lock (_gate)
            {
                var now = Now;
                var mask = _ring.Length - 1;
                while (count < FireBatch && _head < _tail)
                {
                    // Cancelled entries leave whether due or not, so the queue is re-armed for its first live timer:
                    // nearly every Timer E is cancelled by its 2xx within milliseconds, and re-arming for the next
                    // cancelled head made the queue fire once per slack (a hundred times a second) for nothing.
                    ref var entry = ref _ring[_head & mask];
                    if (entry.Callback is not null)
                    {
                        if (entry.Due > now)
                        {
                            break;
                        }

                        due[count++] = entry;
                    }

                    entry = default;
                    _head++;
                }

                if (count == FireBatch)
                {
                    more = true;
                }
                else if (_head < _tail)
                {
                    // Entries due within the slack wait for one batch: at thousands of timers a second, re-arming
                    // for each head woke a pool thread per timer. RFC timers are not that exact.
                    _timer.Change(TimeSpan.FromTicks(Math.Max(_ring[_head & mask].Due - now, _slack)), Timeout.InfiniteTimeSpan);
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
                _owner.OnEnded();
                try
                {
                    due[i].Callback!(due[i].State!, due[i].Token);
                }
                catch (Exception ex)
                {
                    TransactionLog.TimerFault(_owner._logger, ex);
                }

                due[i] = default;
            }

            return more;
        }

        public void Dispose() => _timer.Dispose();

        private readonly record struct Entry(long Due, Action<object, int>? Callback, object? State, int Token);
    }
}
