using System.Runtime.CompilerServices;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// State per key (an address, a peer and event) for at most <c>capacity</c> keys: adding one more forgets the least
/// recently used. Entries live in one array (grown up to the capacity, then reused) threaded on a recency list, so a
/// lookup or an update allocates nothing. Not thread-safe: each owner guards it with its own lock.
/// </summary>
internal sealed class LruTable<TKey, T>
    where TKey : notnull, IEquatable<TKey>
    where T : struct
{
    private const int InitialSize = 16;
    private const int None = -1;

    private readonly int _capacity;
    private readonly Dictionary<TKey, int> _index = [];
    private Entry[] _entries;
    private int _count;
    private int _newest = None;
    private int _oldest = None;

    public LruTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _entries = new Entry[Math.Min(capacity, InitialSize)];
    }

    public int Count => _count;

    public bool IsFull => _count == _capacity;

    /// <summary>The state of the least recently used key, left where it is; a null reference when empty.</summary>
    public ref T Oldest => ref (_oldest == None ? ref Unsafe.NullRef<T>() : ref _entries[_oldest].Value);

    /// <summary>
    /// The state of <paramref name="key"/>, now the most recently used; a new entry starts at <c>default</c>. The
    /// reference is valid until the next call that adds.
    /// </summary>
    public ref T GetOrAdd(TKey key, out bool added)
    {
        if (_index.TryGetValue(key, out var i))
        {
            MoveToNewest(i);
            added = false;
            return ref _entries[i].Value;
        }

        if (_count < _capacity)
        {
            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, Math.Min(_capacity, _entries.Length * 2));
            }

            i = _count++;
        }
        else
        {
            // Full: the oldest entry's slot is taken over, which forgets that key.
            i = _oldest;
            Unlink(i);
            _index.Remove(_entries[i].Key);
        }

        _entries[i] = new Entry { Key = key, Previous = None, Next = None };
        _index[key] = i;
        LinkAsNewest(i);
        added = true;
        return ref _entries[i].Value;
    }

    /// <summary>The state of <paramref name="key"/>, now the most recently used; a null reference when absent.</summary>
    public ref T Find(TKey key)
    {
        if (!_index.TryGetValue(key, out var i))
        {
            return ref Unsafe.NullRef<T>();
        }

        MoveToNewest(i);
        return ref _entries[i].Value;
    }

    private void MoveToNewest(int i)
    {
        if (i != _newest)
        {
            Unlink(i);
            LinkAsNewest(i);
        }
    }

    private void Unlink(int i)
    {
        ref var e = ref _entries[i];
        if (e.Previous != None)
        {
            _entries[e.Previous].Next = e.Next;
        }
        else
        {
            _newest = e.Next;
        }

        if (e.Next != None)
        {
            _entries[e.Next].Previous = e.Previous;
        }
        else
        {
            _oldest = e.Previous;
        }

        e.Previous = None;
        e.Next = None;
    }

    private void LinkAsNewest(int i)
    {
        _entries[i].Next = _newest;
        if (_newest != None)
        {
            _entries[_newest].Previous = i;
        }

        _newest = i;
        if (_oldest == None)
        {
            _oldest = i;
        }
    }

    private struct Entry
    {
        public TKey Key;
        public int Previous;
        public int Next;
        public T Value;
    }
}
