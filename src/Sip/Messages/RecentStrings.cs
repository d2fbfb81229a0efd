using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// Text decoded from bytes that repeat from one message to the next (a peer's sent-by host, our domain, Event:
/// presence, a User-Agent): per thread, the string last decoded for such bytes is kept in a small table by hash, and the
/// same bytes again give that string rather than a new one. A miss, or bytes that are not ASCII, just decode.
/// </summary>
internal static class RecentStrings
{
    // A few dozen distinct values repeat in a busy agent's traffic (its domains, its peers' hosts, a handful of header
    // values); a value longer than this is rarely one of them.
    private const int Slots = 64;
    private const int MaxLength = 64;

    [ThreadStatic]
    private static string?[]? t_slots;

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return "";
        }

        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var slot = ref (t_slots ??= new string?[Slots])[Hash(utf8) & (Slots - 1)];
        if (slot is { } recent && Ascii.Equals(utf8, recent))
        {
            return recent;
        }

        var text = Encoding.UTF8.GetString(utf8);
        slot = text;
        return text;
    }

    /// <summary>FNV-1a: short values, and a collision only costs a decode.</summary>
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash ^ (hash >> 16);
    }
}
