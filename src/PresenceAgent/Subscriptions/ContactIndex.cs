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
    private readonly ConcurrentDictionary<string, Watchers> _byContact = new(StringComparer.OrdinalIgnoreCase);

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
            var watchers = _byContact.GetOrAdd(key, static _ => new Watchers());
            lock (watchers)
            {
                // Emptied and dropped by a Remove since we found it: look again.
                if (!watchers.Dropped)
                {
                    watchers.Set.Add(s);
                    return;
                }
            }
        }
    }

    private void Remove(string key, Subscription s)
    {
        if (!_byContact.TryGetValue(key, out var watchers))
        {
            return;
        }

        lock (watchers)
        {
            if (watchers.Set.Remove(s) && watchers.Set.Count == 0)
            {
                watchers.Dropped = true;
                _byContact.TryRemove(new KeyValuePair<string, Watchers>(key, watchers));
            }
        }
    }

    private static IEnumerable<string> ListKeys(Subscription s) => s is ListSubscription l
        ? l.List.Resources.Where(r => r.Contact is not null).Select(r => r.Contact!.Key).Distinct(StringComparer.OrdinalIgnoreCase)
        : [];

    private sealed class Watchers
    {
        public HashSet<Subscription> Set { get; } = [];

        public bool Dropped { get; set; }
    }
}
