using System.Globalization;

namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>Checks the <c>EventSink</c> section; every fault names its key. The credentials are secrets: messages describe them, never quote them.</summary>
internal static class EventSinkOptionsValidator
{
    private const string Section = EventSinkOptions.SectionName;

    public static void Validate(EventSinkOptions options, List<string> errors)
    {
        var user = !string.IsNullOrEmpty(options.Username);
        var password = !string.IsNullOrEmpty(options.Password);
        if (user != password)
        {
            errors.Add($"{Section}:{(user ? "Password" : "Username")}: empty while {Section}:{(user ? "Username" : "Password")} is set; " +
                "set both (the credentials of the platform's event sink) or neither (loopback callers only).");
        }

        // RFC 7617 §2: the user-id ends at the first colon, so one with a colon could never match.
        if (options.Username?.Contains(':', StringComparison.Ordinal) == true)
        {
            errors.Add($"{Section}:Username: has a ':', which HTTP basic authentication cannot carry in a user name.");
        }

        InRange(errors, "MaxBodyBytes", options.MaxBodyBytes, 1024, 1024 * 1024, "bytes");
        InRange(errors, "QueueCapacity", options.QueueCapacity, 1, 1_000_000, "events");
        InRange(errors, "MaxNodes", options.MaxNodes, 1, 10_000, "nodes");
        InRange(errors, "MaxConferencesPerNode", options.MaxConferencesPerNode, 1, 1_000_000, "conferences");
        InRange(errors, "MaxParticipantsPerNode", options.MaxParticipantsPerNode, 1, 1_000_000, "participants");
    }

    private static void InRange(List<string> errors, string key, int value, int min, int max, string unit)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key}: {value} must be {min}-{max} ({unit})."));
        }
    }
}
