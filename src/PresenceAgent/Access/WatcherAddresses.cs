using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Access;

/// <summary>
/// One string per watcher address met (<see cref="SipMessage.FromAddressOfRecord"/>): a watcher subscribes to each of
/// its contacts and refreshes, so its address is found here by the From's bytes rather than made again. Process-wide,
/// not per configuration: an address is read from the URI alone, and what a configuration makes of it (the level) is
/// decided per SUBSCRIBE. Its pool is bounded (<see cref="SharedStrings"/>);
/// an address longer than <see cref="MaxBytes"/> in UTF-8 is made afresh without it.
/// </summary>
internal static class WatcherAddresses
{
    internal const int MaxBytes = 256;

    internal static readonly SharedStrings Pool = new(maxEntries: 4096, maxLength: MaxBytes);

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
        return Pool.Get(chars[..Encoding.UTF8.GetChars(utf8[..length], chars)]);
    }
}
