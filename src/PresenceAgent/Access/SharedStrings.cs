using System.Collections.Concurrent;

namespace PresenceAgent.Access;

/// <summary>
/// One string per text met, found by its characters, for text that repeats from SUBSCRIBE to SUBSCRIBE (watcher
/// addresses, their domains). Bounded in entries and length, since peers choose the text: past either bound the text
/// is simply made afresh.
/// </summary>
internal sealed class SharedStrings(int maxEntries, int maxLength)
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    // Counted apart: the dictionary's own count takes every lock, and a full pool is asked on every miss.
    private int _count;

    public int MaxEntries => maxEntries;

    /// <summary>Strings remembered.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary><paramref name="text"/> as a string, the shared one when it is remembered.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (_strings.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var shared))
        {
            return shared;
        }

        var made = new string(text);
        if (text.Length <= maxLength && Count < maxEntries && _strings.TryAdd(made, made))
        {
            Interlocked.Increment(ref _count);
        }

        return made;
    }
}
