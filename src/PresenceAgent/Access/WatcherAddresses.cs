using System.Collections.Concurrent;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Access;

/// <summary>
/// One string per watcher address met (<see cref="SipMessage.FromAddressOfRecord"/>): a watcher subscribes to each of
/// its contacts and refreshes, so its address is found here by the From's bytes rather than made again. Process-wide,
/// not per configuration: an address is read from the URI alone, and what a configuration makes of it (the level) is
/// decided per SUBSCRIBE. Bounded in entries and length, since peers choose the text; past either bound the address is
/// simply made afresh.
/// </summary>
internal static class WatcherAddresses
{
    internal const int MaxEntries = 4096;

    internal const int MaxBytes = 256;

    private static readonly ConcurrentDictionary<string, string> s_addresses = new(StringComparer.Ordinal);

    // Counted apart: the dictionary's own count takes every lock, and a full pool is asked on every miss.
    private static int s_count;

    /// <summary>Addresses remembered.</summary>
    internal static int Count => Volatile.Read(ref s_count);

    /// <summary>The address of the request's From, the shared string when it is remembered.</summary>
    public static string Of(SipRequest request)
    {
        Span<byte> utf8 = stackalloc byte[MaxBytes];
        var length = request.ReadFromAddressOfRecord(utf8);
        if (length < 0)
        {
            return request.FromAddressOfRecord!;
        }

        Span<char> chars = stackalloc char[MaxBytes];
        var text = chars[..Encoding.UTF8.GetChars(utf8[..length], chars)];
        if (s_addresses.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var shared))
        {
            return shared;
        }

        var address = new string(text);
        if (Count < MaxEntries && s_addresses.TryAdd(address, address))
        {
            Interlocked.Increment(ref s_count);
        }

        return address;
    }
}
