using PresenceAgent.Access;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.RoutingRules;

namespace PresenceAgent.Directory;

/// <summary>
/// The part of the configuration that changes without a restart, resolved: the services and lists, the routing rules,
/// the presence states (built-in, state map and custom statuses, in the configured languages), the occupancy rule and
/// the grace period, the access levels. Immutable: a reload builds a new one and <see cref="RunningConfiguration"/> swaps it in whole, so an
/// operation that reads it once sees one configuration throughout.
/// </summary>
internal sealed class ConfigurationSnapshot
{
    public required ContactDirectory Contacts { get; init; }

    public required ListDirectory Lists { get; init; }

    /// <summary>Every state by id; also the languages (<see cref="Languages"/>).</summary>
    public required StateCatalogue States { get; init; }

    public required OccupancyRule Occupancy { get; init; }

    /// <summary>Which watcher sees how much of each contact (AccessLevels, Services:N:AccessLevels).</summary>
    public required AccessPolicy Access { get; init; }

    /// <summary>Presence:GraceSeconds.</summary>
    public required TimeSpan Grace { get; init; }

    /// <summary>What the Request-URIs met while this configuration is in force name in it.</summary>
    public RequestUriCache RequestUris { get; } = new();

    public RoutingRuleSet Rules => Contacts.Rules;

    public PresenceLanguages Languages => States.Languages;
}
