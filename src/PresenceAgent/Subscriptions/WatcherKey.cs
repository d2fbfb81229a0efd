namespace PresenceAgent.Subscriptions;

/// <summary>
/// A watcher's address of record as the per-watcher limit counts it: 64 bits of hash, ignoring case, instead of the
/// string, which a subscription would otherwise hold for its whole life. Two halves from differently seeded hashes,
/// one of them the runtime's per-process randomized one, so a peer cannot aim a collision at another watcher; a chance
/// collision only makes two watchers share one allowance.
/// </summary>
internal static class WatcherKey
{
    private static readonly ulong s_seed = (ulong)Random.Shared.NextInt64();

    public static ulong Of(string addressOfRecord)
    {
        var high = (uint)StringComparer.OrdinalIgnoreCase.GetHashCode(addressOfRecord);

        // FNV-1a over the upper-cased UTF-16 units, started from a random seed.
        var low = 14695981039346656037UL ^ s_seed;
        foreach (var c in addressOfRecord)
        {
            low = (low ^ char.ToUpperInvariant(c)) * 1099511628211UL;
        }

        return ((ulong)high << 32) | (uint)(low ^ (low >> 32));
    }
}
