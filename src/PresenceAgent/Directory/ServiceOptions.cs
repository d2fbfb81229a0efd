namespace PresenceAgent.Directory;

/// <summary>A conference service the agent answers for: a Virtual Meeting Room or a virtual auditorium.</summary>
public sealed class ServiceOptions
{
    public string Name { get; init; } = "";

    public ServiceKind Kind { get; init; } = ServiceKind.Vmr;

    public string? Description { get; init; }

    /// <summary>Language of <see cref="Description"/> (xml:lang in PIDF notes).</summary>
    public string DescriptionLanguage { get; init; } = "en";

    /// <summary>Aliases: <c>user@domain</c>, or a bare user part that matches in every served domain.</summary>
    public List<string> Aliases { get; init; } = [];

    /// <summary>Theme folder under the themes folder; the default theme when unset.</summary>
    public string? Theme { get; init; }

    public string? Homepage { get; init; }

    /// <summary>The status the service shows while nothing else decides: a base status or a custom or state-map status id.</summary>
    public string DefaultStatus { get; init; } = "Available";

    /// <summary>Participants the service holds; at or over it, occupancy shows the service Full. Unset: no limit.</summary>
    public int? Capacity { get; init; }

    /// <summary>
    /// The conference's name on the platform (a Pexip VMR's name), which its event sink names conferences by; compared
    /// ignoring case. Unset: <see cref="Name"/>.
    /// </summary>
    public string? ConferenceName { get; init; }

    /// <summary>What the platform's events name this service's conference by.</summary>
    internal string ConferenceNameOrName => string.IsNullOrWhiteSpace(ConferenceName) ? Name.Trim() : ConferenceName.Trim();
}

public enum ServiceKind
{
    Vmr,
    Auditorium,
}
