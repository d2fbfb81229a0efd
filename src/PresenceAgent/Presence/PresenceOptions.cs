using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Presence;

/// <summary>The <c>Presence</c> section: languages, the state map, custom statuses, the grace period and the occupancy states.</summary>
public sealed record PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>Language tags (<c>de-DE</c>) activity text is offered in; the first is the default. The shipped appsettings.json lists en-US, de-DE, fr-FR, es-ES.</summary>
    public List<string> Languages { get; init; } = [];

    /// <summary>A Genesys agentStates XML file that defines states or redefines built-in ones; relative to the working directory.</summary>
    public string? StateMapFile { get; init; }

    public List<CustomStatusOptions> CustomStatuses { get; init; } = [];

    /// <summary>
    /// How long a contact whose automatic source went away (a node stopped, the last publication expired) shows Offline
    /// before its presence is recomputed from what is left; back within it, its last state returns. 150 s is Dynamics
    /// 365's 2.5 minutes; 0 recomputes at once.
    /// </summary>
    public int GraceSeconds { get; init; } = 150;

    /// <summary>The states occupancy shows, per kind of service (Dynamics 365's capacity rule).</summary>
    public OccupancyOptions Occupancy { get; init; } = new();
}
