namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// The arrays of a hashed table that grows and shrinks without copying: instead of rehashing into a larger or smaller
/// array under the table's lock (3 ms for <see cref="CompletedTransactions"/>' buckets at 131 072, 1 ms for
/// <see cref="CompletedBranches"/>' slots at 65 536; bench/RESULTS.md, issue 13, fourteenth session), the table starts
/// a new array, a generation, and writes only to it. Lookups read every generation, newest first; an older one is
/// dropped once what it holds has expired, which the table tells by a number it gives when the generation is
/// superseded (a sequence number or a time) and passes again to <see cref="Retire"/>.
/// </summary>
/// <remarks>
/// All generations together stay within a budget of items. The newest may take up to half of it, so every doubling
/// from the first generation to the largest fits beside those before it while their entries are still live; when a new
/// generation does not fit (a burst soon after a shrink), the table keeps writing to the newest, denser (longer chains,
/// or newer entries taking older ones' slots) until an older generation goes. Not thread-safe: the table's lock guards it.
/// </remarks>
internal sealed class Generations<T>
    where T : struct
{
    private readonly int _initialLength;
    private readonly long _budget;
    private readonly List<(T[] Items, long Until)> _older = [];
    private long _held;

    /// <summary>Generations starting at <paramref name="initialLength"/> items, a power of two, within <paramref name="budget"/> items.</summary>
    public Generations(int initialLength, long budget)
    {
        _initialLength = initialLength;
        _budget = Math.Max(budget, 2L * initialLength);
        MaxLength = (int)Math.Min(1 << 30, 1L << System.Numerics.BitOperations.Log2((ulong)(_budget / 2)));
        Newest = new T[initialLength];
        _held = initialLength;
    }

    /// <summary>The array written to, a power of two long.</summary>
    public T[] Newest { get; private set; }

    /// <summary>The longest the newest may be.</summary>
    public int MaxLength { get; }

    /// <summary>Generations held, the newest included.</summary>
    public int Count => _older.Count + 1;

    /// <summary>Items held by every generation.</summary>
    public long HeldItems => _held;

    /// <summary>A generation by its <paramref name="age"/>: 0 the newest, 1 the one before it, and so on.</summary>
    public T[] this[int age] => age == 0 ? Newest : _older[^age].Items;

    /// <summary>
    /// Starts a newest generation of <paramref name="length"/> (a power of two, at most <see cref="MaxLength"/>) if it
    /// fits the budget; the one it replaces is kept until <see cref="Retire"/> reaches <paramref name="until"/>.
    /// </summary>
    public bool TryStart(int length, long until)
    {
        length = Math.Clamp(length, _initialLength, MaxLength);
        if (length == Newest.Length || _held + length > _budget)
        {
            return false;
        }

        _older.Add((Newest, until));
        Newest = new T[length];
        _held += length;
        return true;
    }

    /// <summary>
    /// Gives memory back for <paramref name="live"/> items: with none, back to one generation of the initial length; with
    /// the newest mostly empty, a newest twice the live items, the one it replaces going at <paramref name="until"/>.
    /// </summary>
    public void Fit(long live, long until)
    {
        if (live == 0)
        {
            if (_held > _initialLength)
            {
                Reset();
            }
        }
        else if (live * 8 < Newest.Length)
        {
            TryStart((int)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Min(live * 2, 1 << 30)), until);
        }
    }

    /// <summary>Drops the older generations whose <c>until</c> is at or before <paramref name="reached"/>.</summary>
    public void Retire(long reached)
    {
        while (_older.Count > 0 && _older[0].Until <= reached)
        {
            _held -= _older[0].Items.Length;
            _older.RemoveAt(0);
        }
    }

    /// <summary>Back to one empty generation of the initial length.</summary>
    public void Reset()
    {
        _older.Clear();
        Newest = new T[_initialLength];
        _held = _initialLength;
    }
}
