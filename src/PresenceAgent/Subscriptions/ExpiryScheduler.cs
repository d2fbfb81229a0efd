namespace PresenceAgent.Subscriptions;

/// <summary>
/// Fires when subscriptions expire, with one timer for all of them: a priority queue ordered by expiry, re-armed for
/// the earliest entry. A refresh enqueues again; the older entry is skipped when it comes up because the
/// subscription's expiry moved. One timer instead of one per subscription keeps memory per subscription small.
/// </summary>
internal sealed class ExpiryScheduler : IDisposable
{
    private readonly PriorityQueue<Subscription, long> _queue = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Action<Subscription> _onExpired;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;

    public ExpiryScheduler(TimeProvider time, Action<Subscription> onExpired)
    {
        _time = time;
        _onExpired = onExpired;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Schedule(Subscription s, long dueTicks)
    {
        lock (_gate)
        {
            _queue.Enqueue(s, dueTicks);
            if (dueTicks < _armedFor)
            {
                Arm(dueTicks);
            }
        }
    }

    private void Fire()
    {
        List<Subscription>? due = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow().UtcTicks;
            _armedFor = long.MaxValue;
            while (_queue.TryPeek(out var s, out var at) && at <= now)
            {
                _queue.Dequeue();
                if (!s.Ended && s.ExpiresAtTicks == at)
                {
                    (due ??= []).Add(s);
                }
            }

            if (_queue.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }

        if (due is null)
        {
            return;
        }

        foreach (var s in due)
        {
            _onExpired(s);
        }
    }

    private void Arm(long dueTicks)
    {
        _armedFor = dueTicks;
        var delay = TimeSpan.FromTicks(Math.Max(0, dueTicks - _time.GetUtcNow().UtcTicks));
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();
}
