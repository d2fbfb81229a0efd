using PresenceAgent.Access;

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

    /// <summary>Contact card: the room's mailbox (plain <c>user@domain</c>).</summary>
    public string? Email { get; init; }

    /// <summary>Contact card: a job title for a person, what the room is for a room (for example "Virtual meeting room").</summary>
    public string? Title { get; init; }

    /// <summary>Contact card: the dial-in numbers, in the order watchers see them.</summary>
    public List<PhoneOptions> Phones { get; init; } = [];

    public string? Company { get; init; }

    /// <summary>Contact card: where the room's hardware is, as a short office name and as a postal address.</summary>
    public string? Office { get; init; }

    public string? WorkAddress { get; init; }

    /// <summary>Contact card: an absolute http(s) URL (Lync's "SharePoint site").</summary>
    public string? WebSite { get; init; }

    /// <summary>The personal note Lync shows under the name; unset: <see cref="Description"/>, as before.</summary>
    public string? Note { get; init; }

    /// <summary>The out-of-office note (for example a maintenance notice with its dates); Lync shows it before the personal one.</summary>
    public string? OutOfOfficeNote { get; init; }

    /// <summary>
    /// When the out-of-office note starts to show: ISO 8601 with its offset (2026-03-09T08:00:00+01:00). Unset: at once.
    /// Kept as text so start names the key of a value it cannot read.
    /// </summary>
    public string? OutOfOfficeStart { get; init; }

    /// <summary>When the out-of-office note stops showing, after <see cref="OutOfOfficeStart"/>. Unset: never.</summary>
    public string? OutOfOfficeEnd { get; init; }

    /// <summary>Who sees how much of this service, looked up before the AccessLevels section; unset: the section alone.</summary>
    public AccessMappingOptions? AccessLevels { get; init; }

    /// <summary>What the platform's events name this service's conference by.</summary>
    internal string ConferenceNameOrName => string.IsNullOrWhiteSpace(ConferenceName) ? Name.Trim() : ConferenceName.Trim();
}

public enum ServiceKind
{
    Vmr,
    Auditorium,
}
