using System.Runtime.CompilerServices;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// The highest nonce-count seen per nonce (RFC 7616 §3.3: a count that does not grow is a replay), for at most
/// <c>capacity</c> nonces, the least recently used forgotten first. A forgotten nonce cannot be told from a fresh one
/// by its absence, so the newest issue time among forgotten nonces is kept: a nonce issued no later than that, with no
/// entry, may have been forgotten and is refused as stale; one issued after it cannot have been. Thread-safe.
/// </summary>
internal sealed class NonceCounts
{
    private readonly Lock _lock = new();
    private readonly LruTable<UInt128, Entry> _table;
    private long _forgottenUpTo = long.MinValue;

    public NonceCounts(int capacity) => _table = new LruTable<UInt128, Entry>(capacity);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _table.Count;
            }
        }
    }

    /// <summary>Takes <paramref name="count"/> for the nonce when it is higher than every count seen for it before.</summary>
    public NonceCountVerdict Advance(UInt128 nonce, long issuedAt, uint count)
    {
        lock (_lock)
        {
            ref var entry = ref _table.Find(nonce);
            if (!Unsafe.IsNullRef(ref entry))
            {
                if (count <= entry.Highest)
                {
                    return NonceCountVerdict.Replayed;
                }

                entry.Highest = count;
                return NonceCountVerdict.Accepted;
            }

            if (issuedAt <= _forgottenUpTo)
            {
                return NonceCountVerdict.Forgotten;
            }

            if (_table.IsFull)
            {
                // The oldest entry makes room for this one.
                _forgottenUpTo = Math.Max(_forgottenUpTo, _table.Oldest.IssuedAt);
            }

            _table.GetOrAdd(nonce, out _) = new Entry { IssuedAt = issuedAt, Highest = count };
            return NonceCountVerdict.Accepted;
        }
    }

    private struct Entry
    {
        public long IssuedAt;
        public uint Highest;
    }
}
