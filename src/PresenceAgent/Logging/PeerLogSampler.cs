namespace PresenceAgent.Logging;

/// <summary>
/// The host's <see cref="IPeerLogSampler"/>: per event and peer, the time of the last logged event and a count of those
/// left out since. State is bounded: when the table is full, entries whose interval has passed are dropped (a peer
/// quiet for an interval logs afresh anyway), at most once per interval; peers that still find no room share one entry.
/// </summary>
internal sealed class PeerLogSampler : IPeerLogSampler
{
    /// <summary>Where peers share an entry once the table is full: what they did is still counted, under one name.</summary>
    public const string OtherPeers = "(other peers)";

    /// <summary>One line per peer and event a minute: enough to follow an attack as it goes, too few to fill a disk.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>10,000 peers at about 100 bytes each: a megabyte, more distinct offenders than an admin reads in a minute.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(int EventId, string Peer), Entry> _entries = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _capacity;
    private long _lastSweep;

    public PeerLogSampler(TimeProvider time, TimeSpan? interval = null, int capacity = DefaultCapacity)
    {
        _time = time;
        _interval = interval ?? DefaultInterval;
        _capacity = capacity;
        _lastSweep = time.GetTimestamp();
    }

    public bool ShouldLog(int eventId, string peer, out int suppressed)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            var key = (eventId, peer);
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (_entries.Count >= _capacity)
                {
                    Sweep(now);
                    if (_entries.Count >= _capacity)
                    {
                        key = (eventId, OtherPeers);
                    }
                }

                if (!_entries.TryGetValue(key, out entry))
                {
                    _entries[key] = new Entry { LastLogged = now };
                    suppressed = 0;
                    return true;
                }
            }

            if (_time.GetElapsedTime(entry.LastLogged, now) < _interval)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            entry.LastLogged = now;
            return true;
        }
    }

    /// <summary>
    /// Drops entries idle for an interval, at most once an interval (a full table of active peers is not rescanned on
    /// every new one). A dropped entry's untold count is lost: that peer went quiet a whole interval ago.
    /// </summary>
    private void Sweep(long now)
    {
        if (_time.GetElapsedTime(_lastSweep, now) < _interval)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, entry) in _entries)
        {
            if (_time.GetElapsedTime(entry.LastLogged, now) >= _interval)
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed class Entry
    {
        public long LastLogged;

        public int Suppressed;
    }
}
