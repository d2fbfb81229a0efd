using System.Collections.Concurrent;
using System.Text;

namespace PresenceAgent.Sip.Dialogs;

/// <summary>
/// One copy of header values that many dialogs hold alike: every watcher of a room sends the same To, so thousands of
/// dialogs keep one string instead of thousands. Bounded in count and in value length, since peers choose the values;
/// past the bound a value is simply kept unshared.
/// </summary>
internal static class SharedHeaderValues
{
    /// <summary>Distinct values shared: far more than the contacts of any deployment, a few hundred KiB at most.</summary>
    internal const int MaxValues = 4096;

    /// <summary>Longer values are rare enough (and costly enough to pin) to be kept per dialog.</summary>
    internal const int MaxLength = 256;

    private static readonly ConcurrentDictionary<string, string> s_values = new(StringComparer.Ordinal);

    /// <summary>The shared copy of the UTF-8 <paramref name="value"/>, found without decoding it to a new string.</summary>
    public static string Share(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(value);
        }

        Span<char> chars = stackalloc char[MaxLength];
        var length = Encoding.UTF8.GetChars(value, chars);
        return s_values.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..length], out var shared)
            ? shared
            : Share(new string(chars[..length]));
    }

    public static string Share(string value)
    {
        if (s_values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return value.Length <= MaxLength && s_values.Count < MaxValues ? s_values.GetOrAdd(value, value) : value;
    }
}
