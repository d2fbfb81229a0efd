using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// One <see cref="StringBuilder"/> per thread for printing message parts (URIs, name-addresses, Vias): a dialog prints
/// its peer's Contact, and without this every print allocated a builder and its buffer besides the string.
/// </summary>
internal static class CachedStringBuilder
{
    /// <summary>A builder grown past this by a rare long value is let go rather than kept for the thread's life.</summary>
    private const int MaxKeptCapacity = 1024;

    [ThreadStatic]
    private static StringBuilder? t_cached;

    /// <summary>An empty builder: the thread's own when free (a print inside a print gets a new one).</summary>
    public static StringBuilder Acquire()
    {
        var sb = t_cached;
        if (sb is null)
        {
            return new StringBuilder(128);
        }

        t_cached = null;
        return sb.Clear();
    }

    /// <summary>The text, and the builder back to the thread.</summary>
    public static string ToStringAndRelease(StringBuilder sb)
    {
        var text = sb.ToString();
        if (sb.Capacity <= MaxKeptCapacity)
        {
            t_cached = sb;
        }

        return text;
    }
}
