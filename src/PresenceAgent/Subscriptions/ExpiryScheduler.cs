namespace PresenceAgent.Subscriptions;

/// <summary>
/// Fires when subscriptions expire, with one timer for all of them: a binary min-heap ordered by expiry, the timer
/// armed for its root. Each subscription knows its slot in the heap, so a refresh moves it and an ended subscription
/// leaves at once. Keeping ended entries until their old expiry would hold every unsubscribed or fetched subscription
/// alive for up to its whole Expires (millions of objects under churn); one timer instead of one per subscription
/// keeps memory per subscription small.
/// </summary>
internal sealed class ExpiryScheduler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Action<Subscription> _onExpired;
    private readonly Action<Subscription, Exception> _onFault;
    private readonly ITimer _timer;
    private (Subscription Subscription, long Due)[] _heap = new (Subscription, long)[64];
    private int _count;
    private long _armedFor = long.MaxValue;

    /// <param name="time">The clock and the timer.</param>
    /// <param name="onExpired">Runs on the timer's thread for each subscription whose time has come.</param>
    /// <param name="onFault">Gets what <paramref name="onExpired"/> threw: the timer must never see it (an exception
    /// escaping a timer callback ends the process), and the other subscriptions due still expire.</param>
    public ExpiryScheduler(TimeProvider time, Action<Subscription> onExpired, Action<Subscription, Exception> onFault)
    {
        _time = time;
        _onExpired = onExpired;
        _onFault = onFault;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Subscriptions waiting to expire.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Schedules <paramref name="s"/> to expire at <paramref name="dueTicks"/>, moving it if already scheduled.</summary>
    public void Schedule(Subscription s, long dueTicks)
    {
        lock (_gate)
        {
            // Ended is set before the subscription is cancelled, so a refresh racing with its end cannot re-add it.
            if (s.Ended)
            {
                return;
            }

            var i = s.ExpirySlot;
            if (i < 0)
            {
                if (_count == _heap.Length)
                {
                    Array.Resize(ref _heap, _count * 2);
                }

                i = _count++;
                _heap[i] = (s, dueTicks);
                s.ExpirySlot = i;
                SiftUp(i);
            }
            else
            {
                var earlier = dueTicks < _heap[i].Due;
                _heap[i].Due = dueTicks;
                if (earlier)
                {
                    SiftUp(i);
                }
                else
                {
                    SiftDown(i);
                }
            }

            if (_heap[0].Due < _armedFor)
            {
                Arm(_heap[0].Due);
            }
        }
    }

    /// <summary>Forgets <paramref name="s"/>; nothing happens if it was not scheduled.</summary>
    public void Cancel(Subscription s)
    {
        lock (_gate)
        {
            if (s.ExpirySlot >= 0)
            {
                RemoveAt(s.ExpirySlot);
            }

            // The timer may stay armed for a removed root: Fire then finds nothing due and re-arms for the new root.
            if (_count * 4 < _heap.Length && _heap.Length > 64)
            {
                Array.Resize(ref _heap, _heap.Length / 2);
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
            while (_count > 0 && _heap[0].Due <= now)
            {
                (due ??= []).Add(_heap[0].Subscription);
                RemoveAt(0);
            }

            if (_count > 0)
            {
                Arm(_heap[0].Due);
            }
        }

        if (due is null)
        {
            return;
        }

        foreach (var s in due)
        {
            try
            {
                _onExpired(s);
            }
            catch (Exception ex)
            {
                _onFault(s, ex);
            }
        }
    }

    private void RemoveAt(int i)
    {
        _heap[i].Subscription.ExpirySlot = -1;
        var last = --_count;
        if (i != last)
        {
            var moved = _heap[last];
            _heap[i] = moved;
            moved.Subscription.ExpirySlot = i;
            if (i > 0 && moved.Due < _heap[(i - 1) / 2].Due)
            {
                SiftUp(i);
            }
            else
            {
                SiftDown(i);
            }
        }

        _heap[last] = default;
    }

    private void SiftUp(int i)
    {
        var item = _heap[i];
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_heap[parent].Due <= item.Due)
            {
                break;
            }

            Place(i, _heap[parent]);
            i = parent;
        }

        Place(i, item);
    }

    private void SiftDown(int i)
    {
        var item = _heap[i];
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _heap[child + 1].Due < _heap[child].Due)
            {
                child++;
            }

            if (item.Due <= _heap[child].Due)
            {
                break;
            }

            Place(i, _heap[child]);
            i = child;
        }

        Place(i, item);
    }

    private void Place(int i, (Subscription Subscription, long Due) entry)
    {
        _heap[i] = entry;
        entry.Subscription.ExpirySlot = i;
    }

    private void Arm(long dueTicks)
    {
        _armedFor = dueTicks;
        var delay = TimeSpan.FromTicks(Math.Max(0, dueTicks - _time.GetUtcNow().UtcTicks));
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();
}
