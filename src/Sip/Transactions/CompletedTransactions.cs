namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Transactions that have finished their work but must still be remembered for a fixed time: a non-INVITE server
/// transaction over UDP keeps its final response for Timer J (64·T1, 32 s) to answer retransmitted requests, and its
/// merge key to tell merged requests (client transactions in Timer K are <see cref="CompletedBranches"/>). As objects, the hundreds of
/// thousands of them at full load outlive gen0 and gen1 and became most of the collector's work. Here an entry is a
/// struct in <see cref="Segments{T}"/> and its key and value are bytes in another: every entry lives equally long, so
/// entries expire oldest first from the head of both, and neither holds a reference for the collector to trace.
/// </summary>
/// <remarks>
/// Lookups hash the key into buckets whose chains link each entry to the next older one by sequence number; a link to
/// a sequence number older than the head is the end of the chain, so expiring an entry never touches the buckets. The
/// buckets grow and shrink in <see cref="Generations{T}"/>, never rehashed, and entries and bytes a segment at a time,
/// never copied: no add waits for more than an allocation. Everything the table holds (entries, buckets, bytes) stays
/// within the byte budget it is given: at that size the oldest entries are dropped early, so a flood costs
/// retransmission absorption for the oldest, never more memory.
/// </remarks>
internal sealed class CompletedTransactions
{
    private const int InitialBuckets = 256;
    private const int MinByteBudget = 64 * 1024;
    private const int TagLengthBytes = sizeof(int);

    /// <summary>What one entry costs: the entry and a bucket (the load the buckets grow to keep within their budget).</summary>
    private static readonly int s_slotBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<Entry>() + sizeof(long);

    private readonly TimeProvider _time;
    private readonly TransactionTimers _timers;
    private readonly long _lifetimeTicks;
    private readonly Lock _gate = new();
    private readonly Segments<Entry> _entries;
    private readonly Generations<long> _buckets;
    private readonly Segments<byte> _bytes;
    private long _head;
    private TransactionTimer? _sweep;

    /// <summary>
    /// A table keeping entries for <paramref name="lifetime"/> in at most <paramref name="maxBytes"/>: a quarter at most
    /// for the entries and their buckets, the rest for the bytes of keys and values.
    /// </summary>
    public CompletedTransactions(TimeSpan lifetime, long maxBytes, TransactionTimers timers, TimeProvider time)
    {
        var maxEntries = Math.Max(2 * InitialBuckets, maxBytes / 4 / s_slotBytes);
        _entries = new Segments<Entry>(maxEntries);
        _buckets = new Generations<long>(InitialBuckets, maxEntries);
        _bytes = new Segments<byte>(Math.Max(MinByteBudget, maxBytes - (maxEntries * s_slotBytes)));
        _lifetimeTicks = lifetime.Ticks;
        _timers = timers;
        _time = time;
    }

    /// <summary>How long an entry is kept.</summary>
    public TimeSpan Lifetime => TimeSpan.FromTicks(_lifetimeTicks);

    /// <summary>Bytes held by the entries, the buckets and the bytes of keys and values, live or not.</summary>
    internal long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return _entries.RetainedBytes + (_buckets.HeldItems * sizeof(long)) + _bytes.RetainedBytes;
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
                return (int)(_entries.Tail - _head);
            }
        }
    }

    private long Now => MessageClock.UtcTicks(_time);

    private long ByteHead => _head < _entries.Tail ? _entries[_head].Offset : _bytes.Tail;

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
        if (length > _bytes.MaxAppend)
        {
            return;
        }

        lock (_gate)
        {
            Expire(now);
            var tail = _entries.Tail;
            if (tail - _head >= _buckets.Newest.Length)
            {
                _buckets.TryStart(_buckets.Newest.Length * 2, tail);
            }

            while (!_entries.Fits(_head, 1))
            {
                _head++;
            }

            while (!_bytes.Fits(ByteHead, length))
            {
                _head++;
            }

            _bytes.ReleaseBefore(ByteHead);
            _entries.ReleaseBefore(_head);

            var buckets = _buckets.Newest;
            ref var bucket = ref buckets[hash & (buckets.Length - 1)];
            var entry = new Entry
            {
                Next = bucket,
                Expires = now + _lifetimeTicks,
                Offset = _bytes.Tail,
                Hash = hash,
                KeyLength = key.Span.Length,
                ValueLength = tagLength.Length + tag.Length + first.Length + second.Length,
            };
            bucket = tail + 1;
            _entries.Append(new ReadOnlySpan<Entry>(in entry));
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
    /// Drops expired entries and gives memory back: the segments no entry needs, and the buckets once mostly empty (a
    /// smaller generation, the larger one going when its entries expire). Runs every quarter lifetime while the table
    /// holds entries, so an idle agent lets go of what a burst left behind soon after the burst's last entry expires.
    /// </summary>
    private void Sweep()
    {
        lock (_gate)
        {
            Expire(Now);
            _sweep = null;
            var tail = _entries.Tail;
            if (tail > _head)
            {
                ArmSweep();
            }

            _buckets.Fit(tail - _head, tail);
            _bytes.ReleaseBefore(ByteHead);
            _bytes.Trim();
            _entries.ReleaseBefore(_head);
            _entries.Trim();
        }
    }

    /// <summary>Forgets every entry and stops sweeping (the stack is stopping).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _head = _entries.Tail;
            _sweep?.Dispose();
            _sweep = null;
            _buckets.Reset();
            _entries.ReleaseBefore(_head);
            _entries.Trim();
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
        var now = Now;
        var match = TaggedMatch.None;
        Span<byte> tagLength = stackalloc byte[TagLengthBytes];
        value = [];
        lock (_gate)
        {
            Expire(now);
            foreach (var at in new KeyMatches(this, key.Hash, key.Span))
            {
                ref readonly var entry = ref _entries[at];
                match = TaggedMatch.Other;
                var tagAt = entry.Offset + entry.KeyLength;
                _bytes.Read(tagAt, tagLength);
                if (System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(tagLength) != tag.Length || !_bytes.SequenceEqual(tagAt + TagLengthBytes, tag))
                {
                    continue;
                }

                if (copyValue)
                {
                    var skipped = TagLengthBytes + tag.Length;
                    value = GC.AllocateUninitializedArray<byte>(entry.ValueLength - skipped);
                    _bytes.Read(tagAt + skipped, value);
                }

                return TaggedMatch.Found;
            }
        }

        return match;
    }

    private bool Find(in TransactionKey key, bool copyValue, out byte[] value)
    {
        var now = Now;
        value = [];
        lock (_gate)
        {
            Expire(now);
            foreach (var at in new KeyMatches(this, key.Hash, key.Span))
            {
                if (copyValue)
                {
                    ref readonly var entry = ref _entries[at];
                    value = GC.AllocateUninitializedArray<byte>(entry.ValueLength);
                    _bytes.Read(entry.Offset + entry.KeyLength, value);
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Moves the head past the expired entries, and drops the bucket generations that linked only to them.</summary>
    private void Expire(long now)
    {
        var tail = _entries.Tail;
        while (_head < tail && _entries[_head].Expires <= now)
        {
            _head++;
        }

        _buckets.Retire(_head);
    }

    /// <summary>
    /// The positions of the live entries with one key, newest first: the chain of the key's bucket in every generation.
    /// Used under the table's lock.
    /// </summary>
    private ref struct KeyMatches
    {
        private readonly CompletedTransactions _table;
        private readonly int _hash;
        private readonly ReadOnlySpan<byte> _key;
        private int _age;
        private long _link;

        public KeyMatches(CompletedTransactions table, int hash, ReadOnlySpan<byte> key)
        {
            _table = table;
            _hash = hash;
            _key = key;
            _age = -1;
        }

        public long Current { get; private set; }

        public readonly KeyMatches GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                while (_link > _table._head)
                {
                    ref readonly var entry = ref _table._entries[_link - 1];
                    Current = _link - 1;
                    _link = entry.Next;
                    if (entry.Hash == _hash && entry.KeyLength == _key.Length && _table._bytes.SequenceEqual(entry.Offset, _key))
                    {
                        return true;
                    }
                }

                if (++_age == _table._buckets.Count)
                {
                    return false;
                }

                var buckets = _table._buckets[_age];
                _link = buckets[_hash & (buckets.Length - 1)];
            }
        }
    }

    private struct Entry
    {
        /// <summary>Sequence number + 1 of the next older entry in the same bucket of its generation; 0 ends the chain.</summary>
        public long Next;
        public long Expires;

        /// <summary>Where the key starts in the bytes, a position that only grows; the value follows the key.</summary>
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
