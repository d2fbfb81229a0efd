using System.Collections.Concurrent;
using System.Text;

namespace PresenceAgent.Directory;

/// <summary>
/// What each Request-URI met names (<see cref="ResolvedUri"/>), by its bytes as received, so the SUBSCRIBEs to one
/// presentity are resolved without parsing the URI or building its alias again. One per configuration snapshot: a
/// reload makes a new, empty one. Bounded in entries and length, since peers choose the text; past either bound the
/// URI is simply resolved afresh. Only answers that do not change while the snapshot is in force are kept: lists and
/// services, not gateway contacts (which the routing rules make anew per lookup) nor misses.
/// </summary>
internal sealed class RequestUriCache
{
    internal const int MaxEntries = 4096;

    internal const int MaxLength = 256;

    private readonly ConcurrentDictionary<string, ResolvedUri> _entries = new(StringComparer.Ordinal);

    // Counted apart: the dictionary's own count takes every lock, and a full cache is asked on every miss.
    private int _count;

    /// <summary>Request-URIs remembered.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryGet(ReadOnlySpan<byte> uri, out ResolvedUri resolved)
    {
        resolved = null!;
        if (uri.IsEmpty || uri.Length > MaxLength)
        {
            return false;
        }

        Span<char> text = stackalloc char[MaxLength];
        return _entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text[..Encoding.UTF8.GetChars(uri, text)], out resolved!);
    }

    public void Add(ReadOnlySpan<byte> uri, ResolvedUri resolved)
    {
        if ((resolved.List is not null || resolved.Contact is { Kind: not ContactKind.Gateway }) &&
            !uri.IsEmpty && uri.Length <= MaxLength && Count < MaxEntries && _entries.TryAdd(Encoding.UTF8.GetString(uri), resolved))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
