using System.Collections.Concurrent;

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

    public static string Share(string value)
    {
        if (s_values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return value.Length <= MaxLength && s_values.Count < MaxValues ? s_values.GetOrAdd(value, value) : value;
    }
}
