namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Transactions that have finished their work but must still be remembered for a fixed time: a non-INVITE server
/// transaction over UDP keeps its final response for Timer J (64·T1, 32 s) to answer retransmitted requests, and its
/// merge key to tell merged requests (client transactions in Timer K are <see cref="CompletedBranches"/>). As objects, the hundreds of
/// thousands of them at full load outlive gen0 and gen1 and became most of the collector's work. Here an entry is a
/// struct in a ring and its key and value are bytes in <see cref="ByteSegments"/>: every entry lives equally long, so
/// entries expire oldest first from the head of both, and neither holds a reference for the collector to trace.
/// </summary>
/// <remarks>
/// Lookups hash the key into buckets whose chains link each entry to the next older one by sequence number; a link to
/// a sequence number older than the head is the end of the chain, so expiring an entry never touches the buckets.
/// The entry ring doubles when full and shrinks when mostly empty; the bytes grow and shrink a segment at a time,
/// never copied. Everything the table holds (entries, buckets, bytes) stays within the byte budget it is given: at
/// that size the oldest entries are dropped early, so a flood costs retransmission absorption for the oldest, never
/// more memory (nor a copy of a huge ring on every add).
/// </remarks>
internal sealed class CompletedTransactions
{
    private const int InitialEntries = 256;
    private const int MinRingBytes = 64 * 1024;
    private const int TagLengthBytes = sizeof(int);

    /// <summary>What one entry slot costs: the entry and its bucket.</summary>
    private static readonly int s_slotBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<Entry>() + sizeof(long);

    private readonly TimeProvider _time;
    private readonly TransactionTimers _timers;
    private readonly long _lifetimeTicks;
    private readonly int _maxEntries;
    private readonly Lock _gate = new();
    private Entry[] _entries = new Entry[InitialEntries];
    private long[] _buckets = new long[InitialEntries];
    private readonly ByteSegments _bytes;
    private long _head;
    private long _tail;
    private TransactionTimer? _sweep;

    /// <summary>
    /// A table keeping entries for <paramref name="lifetime"/> in at most <paramref name="maxBytes"/>: a quarter at most
    /// for the entry ring and its buckets (a power of two of entries), the rest for the bytes of keys and values.
    /// </summary>
    public CompletedTransactions(TimeSpan lifetime, long maxBytes, TransactionTimers timers, TimeProvider time)
    {
        _maxEntries = Math.Max(InitialEntries, 1 << System.Numerics.BitOperations.Log2((ulong)Math.Max(1, maxBytes / 4 / s_slotBytes)));
        _bytes = new ByteSegments(Math.Max(MinRingBytes, maxBytes - ((long)_maxEntries * s_slotBytes)));
        _lifetimeTicks = lifetime.Ticks;
        _timers = timers;
        _time = time;
    }

    /// <summary>How long an entry is kept.</summary>
    public TimeSpan Lifetime => TimeSpan.FromTicks(_lifetimeTicks);

    /// <summary>Bytes held by the entry ring, its buckets and the byte segments, live or not.</summary>
    internal long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return ((long)_entries.Length * s_slotBytes) + _bytes.RetainedBytes;
            }
        }
    }

    /// <summary>Entries not yet expired.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                Expire(Now);
                return (int)(_tail - _head);
            }
        }
    }

    private long Now => MessageClock.UtcTicks(_time);

    private long ByteHead => _head < _tail ? _entries[_head & (_entries.Length - 1)].Offset : _bytes.Tail;

    /// <summary>
    /// Remembers <paramref name="key"/> with a value made of <paramref name="first"/> then <paramref name="second"/>,
    /// dropping the oldest entries when the table is at its size. An entry too large for the byte budget is not kept.
    /// </summary>
    public void Add(in TransactionKey key, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) => Add(key, [], [], first, second);

    /// <summary>
    /// <see cref="Add(in TransactionKey, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> for a key several entries may share,
    /// each told apart by its <paramref name="tag"/> (<see cref="FindTagged(in TransactionKey, ReadOnlySpan{byte}, out byte[])"/>), which goes in front of the value with its length.
    /// </summary>
    public void AddTagged(in TransactionKey key, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        Span<byte> tagLength = stackalloc byte[TagLengthBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(tagLength, tag.Length);
        Add(key, tagLength, tag, first, second);
    }

    private void Add(in TransactionKey key, ReadOnlySpan<byte> tagLength, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var now = Now;
        var hash = key.Hash;
        var length = (long)key.Span.Length + tagLength.Length + tag.Length + first.Length + second.Length;
        if (length > _bytes.MaxEntryBytes)
        {
            return;
        }

        lock (_gate)
        {
            Expire(now);
            if (_tail - _head == _entries.Length)
            {
                if (_entries.Length < _maxEntries)
                {
                    ResizeEntries(_entries.Length * 2);
                }
                else
                {
                    _head++;
                }
            }

            while (!_bytes.Fits(ByteHead, length))
            {
                _head++;
            }

            _bytes.ReleaseBefore(ByteHead);

            var bucket = hash & (_buckets.Length - 1);
            _entries[_tail & (_entries.Length - 1)] = new Entry
            {
                Next = _buckets[bucket],
                Expires = now + _lifetimeTicks,
                Offset = _bytes.Tail,
                Hash = hash,
                KeyLength = key.Span.Length,
                ValueLength = tagLength.Length + tag.Length + first.Length + second.Length,
            };
            _buckets[bucket] = _tail + 1;
            _tail++;
            _bytes.Append(key.Span);
            _bytes.Append(tagLength);
            _bytes.Append(tag);
            _bytes.Append(first);
            _bytes.Append(second);
            ArmSweep();
        }
    }

    public bool Contains(in TransactionKey key) => Find(key, copyValue: false, out _);

    /// <summary>The value stored with <paramref name="key"/>, copied out (a retransmission is rare enough to allocate).</summary>
    public bool TryGetValue(in TransactionKey key, out byte[] value) => Find(key, copyValue: true, out value);

    /// <summary>
    /// Drops expired entries and gives memory back: the byte segments no entry needs, and the entry ring once mostly
    /// empty. Runs every quarter lifetime while the table holds entries, so an idle agent lets go of what a burst left
    /// behind soon after the burst's last entry expires.
    /// </summary>
    private void Sweep()
    {
        lock (_gate)
        {
            Expire(Now);
            _sweep = null;
            if (_tail > _head)
            {
                ArmSweep();
            }

            var live = _tail - _head;
            if (_entries.Length > InitialEntries && live * 8 < _entries.Length)
            {
                ResizeEntries((int)Math.Max(InitialEntries, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)live * 2)));
            }

            _bytes.ReleaseBefore(ByteHead);
            _bytes.Trim();
        }
    }

    /// <summary>Forgets every entry and stops sweeping (the stack is stopping).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _head = _tail;
            _sweep?.Dispose();
            _sweep = null;
            _entries = new Entry[InitialEntries];
            _buckets = new long[InitialEntries];
            _bytes.ReleaseBefore(_bytes.Tail);
            _bytes.Trim();
        }
    }

    private void ArmSweep()
    {
        _sweep ??= _timers.Start(Lifetime / 4, static (s, _) => ((CompletedTransactions)s).Sweep(), this);
    }

    /// <summary>
    /// Among the entries of <paramref name="key"/> (<see cref="AddTagged"/>), the one tagged <paramref name="tag"/>, its
    /// value after the tag copied out; <see cref="TaggedMatch.Other"/> when the key is there under other tags only.
    /// </summary>
    public TaggedMatch FindTagged(in TransactionKey key, ReadOnlySpan<byte> tag, out byte[] value) => FindTagged(key, tag, copyValue: true, out value);

    /// <summary><see cref="FindTagged(in TransactionKey, ReadOnlySpan{byte}, out byte[])"/> without the value.</summary>
    public TaggedMatch MatchTagged(in TransactionKey key, ReadOnlySpan<byte> tag) => FindTagged(key, tag, copyValue: false, out _);

    private TaggedMatch FindTagged(in TransactionKey key, ReadOnlySpan<byte> tag, bool copyValue, out byte[] value)
    {
        var keyBytes = key.Span;
        var hash = key.Hash;
        var now = Now;
        var match = TaggedMatch.None;
        Span<byte> tagLength = stackalloc byte[TagLengthBytes];
        value = [];
        lock (_gate)
        {
            Expire(now);
            var mask = _entries.Length - 1;
            for (var link = _buckets[hash & (_buckets.Length - 1)]; link > _head; link = _entries[(link - 1) & mask].Next)
            {
                ref readonly var entry = ref _entries[(link - 1) & mask];
                if (entry.Hash != hash || entry.KeyLength != keyBytes.Length || !_bytes.Equals(entry.Offset, keyBytes))
                {
                    continue;
                }

                match = TaggedMatch.Other;
                var tagAt = entry.Offset + entry.KeyLength;
                _bytes.Read(tagAt, tagLength);
                if (System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(tagLength) == tag.Length && _bytes.Equals(tagAt + TagLengthBytes, tag))
                {
                    if (copyValue)
                    {
                        var skipped = TagLengthBytes + tag.Length;
                        value = GC.AllocateUninitializedArray<byte>(entry.ValueLength - skipped);
                        _bytes.Read(tagAt + skipped, value);
                    }

                    return TaggedMatch.Found;
                }
            }
        }

        return match;
    }

    private bool Find(in TransactionKey transactionKey, bool copyValue, out byte[] value)
    {
        var key = transactionKey.Span;
        var hash = transactionKey.Hash;
        var now = Now;
        lock (_gate)
        {
            Expire(now);
            var mask = _entries.Length - 1;
            for (var link = _buckets[hash & (_buckets.Length - 1)]; link > _head; link = _entries[(link - 1) & mask].Next)
            {
                ref readonly var entry = ref _entries[(link - 1) & mask];
                if (entry.Hash == hash && entry.KeyLength == key.Length && _bytes.Equals(entry.Offset, key))
                {
                    value = [];
                    if (copyValue)
                    {
                        value = GC.AllocateUninitializedArray<byte>(entry.ValueLength);
                        _bytes.Read(entry.Offset + entry.KeyLength, value);
                    }

                    return true;
                }
            }
        }

        value = [];
        return false;
    }

    private void Expire(long now)
    {
        var mask = _entries.Length - 1;
        while (_head < _tail && _entries[_head & mask].Expires <= now)
        {
            _head++;
        }
    }

    private void ResizeEntries(int capacity)
    {
        var entries = new Entry[capacity];
        var buckets = new long[capacity];
        var oldMask = _entries.Length - 1;
        var mask = capacity - 1;

        // Oldest first, so every chain again links newer to older.
        for (var seq = _head; seq < _tail; seq++)
        {
            var entry = _entries[seq & oldMask];
            var bucket = entry.Hash & mask;
            entry.Next = buckets[bucket];
            buckets[bucket] = seq + 1;
            entries[seq & mask] = entry;
        }

        _entries = entries;
        _buckets = buckets;
    }

    private struct Entry
    {
        /// <summary>Sequence number + 1 of the next older entry in the same bucket; 0 ends the chain.</summary>
        public long Next;
        public long Expires;

        /// <summary>Where the key starts in the <see cref="ByteSegments"/>, a position that only grows; the value follows the key.</summary>
        public long Offset;
        public int Hash;
        public int KeyLength;
        public int ValueLength;
    }

    /// <summary>What <see cref="FindTagged(in TransactionKey, ReadOnlySpan{byte}, out byte[])"/> found.</summary>
    internal enum TaggedMatch
    {
        None,

        /// <summary>The key, under other tags only.</summary>
        Other,
        Found,
    }
}
