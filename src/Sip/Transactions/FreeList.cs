namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Transaction objects that are done, kept for reuse: a bounded stack under a lock. Only a few are in flight at once
/// when handlers answer on the receive loop, so a small stack serves the steady state; past its size, objects are left
/// to the collector, so a burst never leaves more behind.
/// </summary>
internal sealed class FreeList<T>(int capacity)
    where T : class
{
    private readonly T?[] _items = new T?[capacity];
    private readonly Lock _gate = new();
    private int _count;

    /// <summary>Objects waiting to be reused.</summary>
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

    /// <summary>A pooled object, or null when there is none.</summary>
    public T? TryTake()
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return null;
            }

            var item = _items[--_count];
            _items[_count] = null;
            return item;
        }
    }

    public void Return(T item)
    {
        lock (_gate)
        {
            if (_count < _items.Length)
            {
                _items[_count++] = item;
            }
        }
    }
}
