using System.Globalization;

namespace PresenceAgent.Sip.Logging;

/// <summary>
/// Occurrences of a sampled log event left out since <see cref="Since"/>, the last one logged. Its text is what a
/// logged message ends with: empty when none were left out, else <c> (12 more since 01:02:03)</c> (UTC).
/// </summary>
public readonly record struct SuppressedLogs(int Count, DateTimeOffset Since)
{
    public override string ToString() =>
        Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({Count} more since {Since.UtcDateTime:HH:mm:ss})");
}
