using System.Collections.Concurrent;

namespace PresenceAgent.Access;

/// <summary>
/// One string per watcher domain met: every SUBSCRIBE's level is decided by its watcher's domain, and watchers come
/// from few domains, so the domain of each is found here rather than cut from its address again. Bounded in entries
/// and length, since peers choose the text; past either bound the domain is simply cut afresh.
/// </summary>
internal static class WatcherDomains
{
    internal const int MaxEntries = 1024;

    internal const int MaxLength = 255;

    private static readonly ConcurrentDictionary<string, string> s_domains = new(StringComparer.Ordinal);

    // Counted apart: the dictionary's own count takes every lock, and a full pool is asked on every miss.
    private static int s_count;

    /// <summary>Domains remembered.</summary>
    internal static int Count => Volatile.Read(ref s_count);

    /// <summary><paramref name="domain"/> as a string, the shared one when it is remembered.</summary>
    public static string Shared(ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty)
        {
            return "";
        }

        if (s_domains.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(domain, out var shared))
        {
            return shared;
        }

        var text = new string(domain);
        if (domain.Length <= MaxLength && Count < MaxEntries && s_domains.TryAdd(text, text))
        {
            Interlocked.Increment(ref s_count);
        }

        return text;
    }
}
