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
/// The array doubles when a live entry would be overwritten, up to the byte budget it is given; at that size a newer
/// branch takes the slot of an older live one, so a flood costs absorption for the oldest, never more memory. A sweep
/// every lifetime gives memory back once the array is mostly empty.
/// </remarks>
internal sealed class CompletedBranches
{
    private const int InitialSlots = 256;

    private static readonly int s_slotBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<Slot>();

    private readonly TimeProvider _time;
    private readonly TransactionTimers _timers;
    private readonly long _lifetimeTicks;
    private readonly int _maxSlots;
    private readonly Lock _gate = new();
    private Slot[] _slots = new Slot[InitialSlots];
    private TransactionTimer? _sweep;

    public CompletedBranches(TimeSpan lifetime, long maxBytes, TransactionTimers timers, TimeProvider time)
    {
        _maxSlots = Math.Max(InitialSlots, 1 << System.Numerics.BitOperations.Log2((ulong)Math.Max(1, maxBytes / s_slotBytes)));
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
                return (long)_slots.Length * s_slotBytes;
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
                return CountLive(now);
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
            ref var at = ref _slots[branch.Counter & (uint)(_slots.Length - 1)];
            if (at.Expires > now && at.Counter != branch.Counter && _slots.Length < _maxSlots)
            {
                Resize(_slots.Length * 2, now);
                at = ref _slots[branch.Counter & (uint)(_slots.Length - 1)];
            }

            at = slot;
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
            ref readonly var slot = ref _slots[branch.Counter & (uint)(_slots.Length - 1)];
            return slot.Random == branch.Random && slot.Counter == branch.Counter && slot.Method == methodHash && slot.Expires > now;
        }
    }

    /// <summary>Forgets every entry and stops sweeping (the stack is stopping).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _sweep?.Dispose();
            _sweep = null;
            _slots = new Slot[InitialSlots];
        }
    }

    /// <summary>Gives memory back once the slots are mostly expired; runs every lifetime while any entry may be live.</summary>
    private void Sweep()
    {
        var now = MessageClock.UtcTicks(_time);
        lock (_gate)
        {
            _sweep = null;
            var live = CountLive(now);
            if (live > 0)
            {
                _sweep = StartSweep();
            }

            if (_slots.Length > InitialSlots && live * 8 < _slots.Length)
            {
                Resize((int)Math.Max(InitialSlots, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)live * 2)), now);
            }
        }
    }

    private TransactionTimer StartSweep() =>
        _timers.Start(TimeSpan.FromTicks(_lifetimeTicks), static (s, _) => ((CompletedBranches)s).Sweep(), this);

    private int CountLive(long now)
    {
        var live = 0;
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            if (slot.Expires > now)
            {
                live++;
            }
        }

        return live;
    }

    /// <summary>The live entries at their slots in an array of <paramref name="size"/>; where two meet, the later one stays.</summary>
    private void Resize(int size, long now)
    {
        var slots = new Slot[size];
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            if (slot.Expires > now)
            {
                ref var at = ref slots[slot.Counter & (uint)(size - 1)];
                if (slot.Expires > at.Expires)
                {
                    at = slot;
                }
            }
        }

        _slots = slots;
    }

    /// <summary>A branch as its two numbers, flat: 24 bytes a slot.</summary>
    private readonly record struct Slot(ulong Random, uint Counter, int Method, long Expires);
}
