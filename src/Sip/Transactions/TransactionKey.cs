namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// A transaction's identity as bytes (written by <see cref="TransactionKeys"/>) and their hash. In a table the key owns
/// its array: a transaction's own, reused with the transaction, so keeping a key allocates nothing once the pool is warm.
/// A key to look up is over a per-thread scratch array and is used at once.
/// </summary>
internal readonly struct TransactionKey : IEquatable<TransactionKey>
{
    private readonly byte[]? _bytes;
    private readonly int _length;

    public TransactionKey(byte[] bytes, int length)
    {
        _bytes = bytes;
        _length = length;
        Hash = HashOf(bytes.AsSpan(0, length));
    }

    private TransactionKey(byte[] bytes, int length, int hash)
    {
        _bytes = bytes;
        _length = length;
        Hash = hash;
    }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    /// <summary>Seeded per process (as <see cref="HashCode"/> is): a peer cannot choose keys that all land in one chain.</summary>
    public int Hash { get; }

    /// <summary>This key copied into <paramref name="owned"/>, which grows when it is too short.</summary>
    public TransactionKey CopyTo(ref byte[]? owned)
    {
        if (owned is null || owned.Length < _length)
        {
            owned = new byte[Math.Max(_length, 64)];
        }

        Span.CopyTo(owned);
        return new TransactionKey(owned, _length, Hash);
    }

    public static int HashOf(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode() & int.MaxValue;
    }

    public bool Equals(TransactionKey other) => Hash == other.Hash && Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is TransactionKey other && Equals(other);

    public override int GetHashCode() => Hash;

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Span).Replace('\n', ' ');
}
