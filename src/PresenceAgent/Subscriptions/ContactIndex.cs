using System.Collections.Concurrent;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The subscriptions watching each contact, by <see cref="Directory.Contact.Key"/>: a contact subscription under its
/// contact, a list subscription under each of its resources that resolved. A change to one contact so reaches exactly
/// its watchers. Thread-safe; a contact's entry goes when its last watcher does, so the index is as large as the
/// subscription table, never larger.
/// </summary>
internal sealed class ContactIndex
{
    // Entries emptied and dropped, kept for reuse: a contact whose one watcher comes and goes (a subscribe and
    // unsubscribe call, a fetch) would otherwise make an entry and its set anew each time. Bounded, and only small sets.
    private const int MaxPooled = 64;
    private const int MaxPooledCapacity = 16;

    private readonly ConcurrentDictionary<string, Watchers> _byContact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Watchers?[] _pool = new Watchers?[MaxPooled];
    private int _pooled;

    /// <summary>Contacts with at least one watcher.</summary>
    public int Count => _byContact.Count;

    public void Add(Subscription s)
    {
        if (s is ContactSubscription c)
        {
            Add(c.Contact.Key, s);
            return;
        }

        foreach (var key in ListKeys(s))
        {
            Add(key, s);
        }
    }

    public void Remove(Subscription s)
    {
        if (s is ContactSubscription c)
        {
            Remove(c.Contact.Key, s);
            return;
        }

        foreach (var key in ListKeys(s))
        {
            Remove(key, s);
        }
    }

    /// <summary>The keys of the contacts with at least one watcher, as they are now.</summary>
    public string[] Keys() => [.. _byContact.Keys];

    /// <summary>How many subscriptions watch the contact now; 0 when none.</summary>
    public int CountOf(string key)
    {
        if (!_byContact.TryGetValue(key, out var watchers))
        {
            return 0;
        }

        lock (watchers)
        {
            return watchers.Set.Count;
        }
    }

    /// <summary>Every watched contact with its number of watchers, as each is now; in no order.</summary>
    public List<KeyValuePair<string, int>> Counts()
    {
        var counts = new List<KeyValuePair<string, int>>(_byContact.Count);
        foreach (var (key, watchers) in _byContact)
        {
            lock (watchers)
            {
                if (watchers.Set.Count > 0)
                {
                    counts.Add(new(key, watchers.Set.Count));
                }
            }
        }

        return counts;
    }

    /// <summary>A snapshot of the contact's watchers; empty when none.</summary>
    public Subscription[] WatchersOf(string key)
    {
        if (!_byContact.TryGetValue(key, out var watchers))
        {
            return [];
        }

        lock (watchers)
        {
            return [.. watchers.Set];
        }
    }

    private void Add(string key, Subscription s)
    {
        while (true)
        {
            if (!_byContact.TryGetValue(key, out var watchers))
            {
                var fresh = Rent(key, s);
                watchers = _byContact.GetOrAdd(key, fresh);
                if (ReferenceEquals(watchers, fresh))
                {
                    // Live from now on. No lock: what found it since waits while it is dropped, and nothing else turns
                    // Dropped back (a Remove drops only a live entry); its key and set were filled under Rent's lock.
                    Volatile.Write(ref fresh.Dropped, false);
                    return;
                }

                // Another Add put one in first; ours goes back without the subscription.
                lock (fresh)
                {
                    fresh.Set.Remove(s);
                }

                Return(fresh);
            }

            lock (watchers)
            {
                // Emptied and dropped by a Remove since we found it (and maybe pooled and serving another key, or not yet
                // put in by the Add that rented it): look again.
                if (watchers.Holds(key))
                {
                    watchers.Set.Add(s);
                    return;
                }
            }
        }
    }

    private void Remove(string key, Subscription s)
    {
        while (_byContact.TryGetValue(key, out var watchers))
        {
            lock (watchers)
            {
                if (!watchers.Holds(key))
                {
                    continue;
                }

                if (!watchers.Set.Remove(s) || watchers.Set.Count > 0)
                {
                    return;
                }

                watchers.Dropped = true;
                _byContact.TryRemove(new KeyValuePair<string, Watchers>(key, watchers));
            }

            Return(watchers);
            return;
        }
    }

    /// <summary>
    /// An emptied entry from the pool, or a new one, for <paramref name="key"/> with <paramref name="s"/> in it: dropped
    /// until its Add puts it in. Filled under its lock: a lookup from its last use may still read its set.
    /// </summary>
    private Watchers Rent(string key, Subscription s)
    {
        Watchers? watchers = null;
        lock (_pool)
        {
            if (_pooled > 0)
            {
                watchers = _pool[--_pooled];
                _pool[_pooled] = null;
            }
        }

        watchers ??= new Watchers();
        lock (watchers)
        {
            watchers.Key = key;
            watchers.Dropped = true;
            watchers.Set.Add(s);
        }

        return watchers;
    }

    /// <summary>Keeps an emptied, dropped entry for the next contact to get a watcher, unless its set grew large.</summary>
    private void Return(Watchers watchers)
    {
        if (watchers.Set.Capacity > MaxPooledCapacity)
        {
            return;
        }

        lock (_pool)
        {
            if (_pooled < _pool.Length)
            {
                _pool[_pooled++] = watchers;
            }
        }
    }

    private static IEnumerable<string> ListKeys(Subscription s) => s is ListSubscription l
        ? l.List.Resources.Where(r => r.Contact is not null).Select(r => r.Contact!.Key).Distinct(StringComparer.OrdinalIgnoreCase)
        : [];

    /// <summary>A contact's watchers; guarded by locking it (but for the write that makes a new entry live, see Add).</summary>
    private sealed class Watchers
    {
        /// <summary>Not in the index (yet, or any more): a lookup that finds it looks again.</summary>
        public bool Dropped;

        public HashSet<Subscription> Set { get; } = new(SameSubscription.Instance);

        /// <summary>The contact it is the entry of, while it is one.</summary>
        public string? Key { get; set; }

        /// <summary>Whether it is <paramref name="key"/>'s entry in the index now (under its lock).</summary>
        public bool Holds(string key) => !Dropped && string.Equals(Key, key, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reference equality, hashed by our dialog tag (random, unique among our dialogs) rather than by the object's
    /// identity hash: that hash is kept in the object header, where the lock every subscription is taken under lives
    /// too, so hashing it would move each subscription's lock to a sync block, made on its first lock after this.
    /// </summary>
    private sealed class SameSubscription : IEqualityComparer<Subscription>
    {
        public static readonly SameSubscription Instance = new();

        public bool Equals(Subscription? x, Subscription? y) => ReferenceEquals(x, y);

        public int GetHashCode(Subscription s) => s.Dialog.LocalTag.GetHashCode(StringComparison.Ordinal);
    }
}
