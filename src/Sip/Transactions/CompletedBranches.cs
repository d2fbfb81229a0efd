namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Timer K of our client transactions over UDP (T4, 5 s): which branches of ours completed lately, so their retransmitted
/// final responses are absorbed. Our branches carry a process counter that grows by one per request (<see cref="ClientBranch"/>),
/// so the branches completed within T4 lie in a window of counters: each has its slot, at its counter modulo the size of
/// an array of structs, which holds the branch, a hash of the method and when the entry expires. Unlike the byte tables
/// of <see cref="CompletedTransactions"/>, no key is written, hashed or copied: at two NOTIFYs per call this was most of
/// what ending a client transaction cost.
/// </summary>
/// <remarks>
/// When a live entry would be overwritten, the slots double in <see cref="Generations{T}"/>, never copied: a lookup reads
/// the newest generation's slot, then the older ones' until their entries have expired. All of them stay within the byte
/// budget given; at the most it allows, a newer branch takes the slot of an older live one, so a flood costs absorption
/// for the oldest, never more memory. A sweep every lifetime gives memory back once the slots are mostly empty.
/// </remarks>
internal sealed class CompletedBranches
{
    private const int InitialSlots = 256;

    private static readonly int s_slotBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<Slot>();

    private readonly TimeProvider _time;
    private readonly TransactionTimers _timers;
    private readonly long _lifetimeTicks;
    private readonly Lock _gate = new();
    private readonly Generations<Slot> _slots;
    private TransactionTimer? _sweep;
    private long _addedSinceSweep;

    public CompletedBranches(TimeSpan lifetime, long maxBytes, TransactionTimers timers, TimeProvider time)
    {
        _slots = new Generations<Slot>(InitialSlots, maxBytes / s_slotBytes);
        _lifetimeTicks = lifetime.Ticks;
        _timers = timers;
        _time = time;
    }

    /// <summary>Bytes held by the slots, live or not.</summary>
    internal long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return _slots.HeldItems * s_slotBytes;
            }
        }
    }

    /// <summary>Entries not yet expired; counted slot by slot, for tests and diagnostics.</summary>
    public int Count
    {
        get
        {
            var now = MessageClock.UtcTicks(_time);
            lock (_gate)
            {
                var live = 0;
                for (var age = 0; age < _slots.Count; age++)
                {
                    live += CountLive(_slots[age], now);
                }

                return live;
            }
        }
    }

    /// <summary>Remembers that the transaction of <paramref name="branch"/> and <paramref name="method"/> completed now.</summary>
    public void Add(ClientBranch branch, string method)
    {
        var now = MessageClock.UtcTicks(_time);
        var slot = new Slot(branch.Random, branch.Counter, method.GetHashCode(StringComparison.Ordinal), now + _lifetimeTicks);
        lock (_gate)
        {
            _slots.Retire(now);
            var slots = _slots.Newest;
            ref var at = ref slots[branch.Counter & (uint)(slots.Length - 1)];
            if (at.Expires > now && at.Counter != branch.Counter && _slots.TryStart(slots.Length * 2, now + _lifetimeTicks))
            {
                slots = _slots.Newest;
                at = ref slots[branch.Counter & (uint)(slots.Length - 1)];
            }

            at = slot;
            _addedSinceSweep++;
            _sweep ??= StartSweep();
        }
    }

    /// <summary>Whether the transaction of <paramref name="branch"/> and <paramref name="method"/> completed within the lifetime.</summary>
    public bool Contains(ClientBranch branch, string method)
    {
        var now = MessageClock.UtcTicks(_time);
        var methodHash = method.GetHashCode(StringComparison.Ordinal);
        lock (_gate)
        {
            for (var age = 0; age < _slots.Count; age++)
            {
                var slots = _slots[age];
                ref readonly var slot = ref slots[branch.Counter & (uint)(slots.Length - 1)];
                if (slot.Random == branch.Random && slot.Counter == branch.Counter && slot.Method == methodHash && slot.Expires > now)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Forgets every entry and stops sweeping (the stack is stopping).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _sweep?.Dispose();
            _sweep = null;
            _addedSinceSweep = 0;
            _slots.Reset();
        }
    }

    /// <summary>
    /// Gives memory back once the slots are mostly expired (a smaller generation, the larger one going when its entries
    /// expire); runs every lifetime while any entry may be live. The entries added since the last sweep, a lifetime ago,
    /// are the only ones that can still be live, so their number stands for a count no slot is read for.
    /// </summary>
    private void Sweep()
    {
        var now = MessageClock.UtcTicks(_time);
        lock (_gate)
        {
            _sweep = null;
            _slots.Retire(now);
            var live = _addedSinceSweep;
            _addedSinceSweep = 0;
            _slots.Fit(live, now + _lifetimeTicks);
            if (live > 0 || _slots.Count > 1)
            {
                _sweep = StartSweep();
            }
        }
    }

    private TransactionTimer StartSweep() =>
        _timers.Start(TimeSpan.FromTicks(_lifetimeTicks), static (s, _) => ((CompletedBranches)s).Sweep(), this);

    private static int CountLive(Slot[] slots, long now)
    {
        var live = 0;
        foreach (ref readonly var slot in slots.AsSpan())
        {
            if (slot.Expires > now)
            {
                live++;
            }
        }

        return live;
    }

    /// <summary>A branch as its two numbers, flat: 24 bytes a slot.</summary>
    private readonly record struct Slot(ulong Random, uint Counter, int Method, long Expires);
}
