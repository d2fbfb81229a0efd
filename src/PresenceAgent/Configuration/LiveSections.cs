using PresenceAgent.Access;
using PresenceAgent.Presence;

namespace PresenceAgent.Configuration;

/// <summary>
/// Which keys a reload applies. The services, lists, routing rules, the Presence section (languages, state map,
/// custom statuses, occupancy states, grace period) and the access levels apply at once. Everything else is read once at start, and a change
/// to it waits for a restart: SIP (listeners, domains, host, TLS certificate paths, the stack's limits, timers and rate
/// limits), HTTP (URLs, tokens), the themes folder (its watcher keeps the folder it started with), the subscription
/// and publication limits and publishers, the event sink and logging.
/// </summary>
internal static class LiveSections
{
    private static readonly string[] s_live = ["Services", "Lists", "RoutingRules", PresenceOptions.SectionName, AccessLevelOptions.SectionName];

    /// <summary>The schema link editors read; it configures nothing.</summary>
    private const string Schema = "$schema";

    /// <summary>Every key with a value (sections have none), keys compared ignoring case as configuration does.</summary>
    /// <remarks>
    /// A copy: the host writes keys of its own (<c>urls</c>) through to the configuration it is given, so what the
    /// agent started with is kept as read.
    /// </remarks>
    public static IReadOnlyDictionary<string, string> Values(IConfiguration configuration) =>
        configuration.AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The keys outside the live sections whose value differs between <paramref name="started"/> (what the agent runs
    /// on) and <paramref name="now"/>, set or unset on either side, in order. Keys only: a value may be a secret.
    /// </summary>
    public static IReadOnlyList<string> RestartRequired(IReadOnlyDictionary<string, string> started, IReadOnlyDictionary<string, string> now) =>
        [.. Differing(started, now).Where(k => !IsLive(k) && !k.Equals(Schema, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Whether every key of the live sections is the same in both.</summary>
    public static bool LiveUnchanged(IReadOnlyDictionary<string, string> applied, IReadOnlyDictionary<string, string> now) =>
        !Differing(applied, now).Any(IsLive);

    private static bool IsLive(string key) =>
        s_live.Any(section => key.Equals(section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Differing(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(k => !string.Equals(before.GetValueOrDefault(k), after.GetValueOrDefault(k), StringComparison.Ordinal));
}
