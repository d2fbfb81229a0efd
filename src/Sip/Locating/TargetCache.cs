namespace PresenceAgent.Sip.Locating;

/// <summary>
/// Resolutions kept until they expire, at most a fixed number: a full cache drops what has expired, then the entries
/// that expire soonest. Those scans walk the whole table, but only when it is full and only after a real DNS
/// resolution, which costs far more; an unbounded cache would let peers that name ever new hosts grow memory without end.
/// </summary>
internal sealed class TargetCache(int maxEntries, TimeProvider time)
{
    private readonly Dictionary<TargetKey, Entry> _entries = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(in TargetKey key, out TargetAnswer answer)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (entry.Expires > now)
                {
                    answer = entry.Answer;
                    return true;
                }

                _entries.Remove(key);
            }
        }

        answer = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="answer"/> for its lifetime; one with none is not kept.</summary>
    public void Add(in TargetKey key, TargetAnswer answer)
    {
        if (answer.Lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        var expires = answer.Lifetime >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + answer.Lifetime;
        lock (_gate)
        {
            if (_entries.Count >= maxEntries && !_entries.ContainsKey(key))
            {
                MakeRoom(now);
            }

            _entries[key] = new Entry(answer, expires);
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        TargetKey? soonest = null;
        var soonestExpiry = DateTimeOffset.MaxValue;
        var expired = new List<TargetKey>();
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                expired.Add(key);
            }
            else if (entry.Expires <= soonestExpiry)
            {
                soonest = key;
                soonestExpiry = entry.Expires;
            }
        }

        foreach (var key in expired)
        {
            _entries.Remove(key);
        }

        if (expired.Count == 0 && soonest is { } evict)
        {
            _entries.Remove(evict);
        }
    }

    private readonly record struct Entry(TargetAnswer Answer, DateTimeOffset Expires);
}
