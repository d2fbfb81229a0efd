using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Tests.Support;

/// <summary>Configuration snapshots built from a directory, for components that read the configuration in force.</summary>
internal static class TestConfigurations
{
    /// <summary><paramref name="contacts"/> with <paramref name="lists"/> (none when null), the states and the default occupancy rule.</summary>
    public static ConfigurationSnapshot Snapshot(ContactDirectory contacts, IReadOnlyList<string>? domains = null, IEnumerable<ListOptions>? lists = null,
        StateCatalogue? states = null, AccessLevelOptions? access = null)
    {
        states ??= StateCatalogue.BuiltIn;
        var errors = new List<string>();
        return new ConfigurationSnapshot
        {
            Contacts = contacts,
            Lists = new ListDirectory(lists ?? [], domains ?? [], contacts),
            States = states,
            Occupancy = OccupancyRule.Create(new OccupancyOptions(), states, errors) ?? throw new ArgumentException(string.Join("; ", errors), nameof(states)),
            Grace = TimeSpan.FromSeconds(150),
            Access = AccessPolicy.Create(access ?? new AccessLevelOptions(), domains ?? [], []),
        };
    }

    public static RunningConfiguration Running(ContactDirectory contacts, IReadOnlyList<string>? domains = null, IEnumerable<ListOptions>? lists = null,
        StateCatalogue? states = null, AccessLevelOptions? access = null) =>
        new(Snapshot(contacts, domains, lists, states, access));
}
