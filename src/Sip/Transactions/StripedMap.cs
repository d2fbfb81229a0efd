namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// A map for the transactions at work: stripes chosen by hash, each a <see cref="Dictionary{TKey, TValue}"/> under its
/// own lock. A <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/> allocates a node per
/// entry, two per call at the benchmark rate; a dictionary keeps entries as structs and reuses the slots of removed
/// ones, so once each stripe has grown to the working size adding allocates nothing. Locks are held for a lookup only.
/// </summary>
internal sealed class StripedMap<TKey, TValue>
    where TKey : notnull, IEquatable<TKey>
    where TValue : class
{
    private const int StripeCount = 16;

    private readonly Stripe[] _stripes = CreateStripes();

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var stripe in _stripes)
            {
                lock (stripe.Gate)
                {
                    count += stripe.Map.Count;
                }
            }

            return count;
        }
    }

    public bool TryGetValue(in TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            return stripe.Map.TryGetValue(key, out value);
        }
    }

    public bool TryAdd(in TKey key, TValue value)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            return stripe.Map.TryAdd(key, value);
        }
    }

    /// <summary>
    /// Adds <paramref name="value"/>, or puts it in place of a value <paramref name="replaceable"/> says is done with
    /// (called under the stripe's lock, so the value cannot leave the map meanwhile). False when a live one is there.
    /// </summary>
    public bool TryAddOrReplace(in TKey key, TValue value, Func<TValue, bool> replaceable)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            if (stripe.Map.TryGetValue(key, out var existing) && !replaceable(existing))
            {
                return false;
            }

            stripe.Map[key] = value;
            return true;
        }
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, replacing what was there.</summary>
    public void Set(in TKey key, TValue value)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            stripe.Map[key] = value;
        }
    }

    /// <summary>Removes <paramref name="key"/> only while it maps to <paramref name="value"/>.</summary>
    public bool TryRemove(in TKey key, TValue value)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            if (!stripe.Map.TryGetValue(key, out var current) || !ReferenceEquals(current, value))
            {
                return false;
            }

            stripe.Map.Remove(key);
            return true;
        }
    }

    /// <summary>The values at this moment.</summary>
    public List<TValue> Snapshot()
    {
        var values = new List<TValue>();
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                values.AddRange(stripe.Map.Values);
            }
        }

        return values;
    }

    private Stripe StripeOf(in TKey key) => _stripes[key.GetHashCode() & (StripeCount - 1)];

    private static Stripe[] CreateStripes()
    {
        var stripes = new Stripe[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new Stripe();
        }

        return stripes;
    }

    private sealed class Stripe
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<TKey, TValue> Map = [];
    }
}
