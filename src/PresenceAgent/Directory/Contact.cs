using PresenceAgent.Access;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Directory;

/// <summary>
/// Something the agent answers for: a configured service, or a gateway alias that matched a rule. Immutable and
/// shared by every subscription to it, so per-subscription state stays small.
/// </summary>
internal sealed class Contact : IRoom
{
    public required ContactKind Kind { get; init; }

    /// <summary>
    /// Names the contact in live presence and in the index of its watchers, the same across lookups and configuration
    /// reloads: a service's first alias, a gateway contact's alias (<c>user@host</c>). Compared ignoring case.
    /// </summary>
    public required string Key { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    public string DescriptionLanguage { get; init; } = "en";

    /// <summary>Theme whose avatar represents the contact; null means the default theme.</summary>
    public string? Theme { get; init; }

    public Uri? Homepage { get; init; }

    /// <summary>The service's card attributes; empty for a gateway contact.</summary>
    public ContactCard Card { get; init; } = ContactCard.Empty;

    /// <summary>The attributes it has a value for (<see cref="CardView.Present"/>): what of a watcher's view it can show.</summary>
    public CardAttributes Attributes => CardView.Present(Card, Description is not null, Homepage is not null);

    /// <summary>The service's DefaultStatus, resolved; Available for a gateway contact.</summary>
    public PresenceState DefaultState { get; init; } = StateCatalogue.BuiltIn.Available;

    /// <summary>The service's Capacity in participants; null for no limit and for gateway contacts.</summary>
    public int? Capacity { get; init; }

    public bool IsAuditorium => Kind == ContactKind.Auditorium;

    /// <summary>For gateway contacts: the rule that matched and the alias it routes to.</summary>
    public string? RuleName { get; init; }

    public string? Destination { get; init; }

    /// <summary>When this contact's data last changed; presence documents carry it as their timestamp.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>
    /// Whether documents of <paramref name="other"/> read as this contact's, its timestamp aside: the same name,
    /// description, theme, homepage, card and default state, and for a gateway contact the same rule and destination (which
    /// a watcher does not see, but which is what the contact is). Kind, capacity and key are not shown.
    /// </summary>
    public bool ShowsSameAs(Contact other) =>
        DisplayName == other.DisplayName && Description == other.Description && DescriptionLanguage == other.DescriptionLanguage &&
        Theme == other.Theme && Homepage == other.Homepage && Card.Equals(other.Card) &&
        DefaultState.ShowsSameAs(other.DefaultState) && RuleName == other.RuleName && Destination == other.Destination;

    /// <summary>Whether <paramref name="other"/> is this contact in every respect but its timestamp.</summary>
    public bool IsSameAs(Contact other) =>
        ShowsSameAs(other) && Kind == other.Kind && Capacity == other.Capacity && string.Equals(Key, other.Key, StringComparison.OrdinalIgnoreCase);

    /// <summary>This contact as of <paramref name="since"/>: one whose data did not change keeps its documents' timestamp.</summary>
    public Contact WithSince(DateTimeOffset since) => new()
    {
        Kind = Kind,
        Key = Key,
        DisplayName = DisplayName,
        Description = Description,
        DescriptionLanguage = DescriptionLanguage,
        Theme = Theme,
        Homepage = Homepage,
        Card = Card,
        DefaultState = DefaultState,
        Capacity = Capacity,
        RuleName = RuleName,
        Destination = Destination,
        Since = since,
    };
}
