using System.Collections.Immutable;

namespace PresenceAgent.Presence;

/// <summary>
/// A contact's optional card attributes (the Lync contact card and notes, CIPID in PIDF). One instance per configured
/// service, shared by every document and subscription of it. Free text is made XML-safe by the writers.
/// </summary>
internal sealed record ContactCard
{
    public static readonly ContactCard Empty = new();

    public string? Email { get; init; }

    public string? Title { get; init; }

    public ImmutableArray<CardPhone> Phones { get; init; } = [];

    public string? Company { get; init; }

    public string? Office { get; init; }

    public string? WorkAddress { get; init; }

    public Uri? WebSite { get; init; }

    /// <summary>The personal note; null leaves the contact's description in its place.</summary>
    public string? Note { get; init; }

    public string? OutOfOfficeNote { get; init; }

    /// <summary>When the out-of-office note starts to show; null: it shows from the start.</summary>
    public DateTimeOffset? OutOfOfficeStart { get; init; }

    /// <summary>When it stops (exclusive); null: never.</summary>
    public DateTimeOffset? OutOfOfficeEnd { get; init; }

    /// <summary>The meeting under way, from the occupancy source; never configured, set per document from live presence.</summary>
    public Meeting? Meeting { get; init; }

    /// <summary>Whether the out-of-office note shows at <paramref name="time"/>: set, and within its dates.</summary>
    public bool ShowsOutOfOfficeAt(DateTimeOffset time) =>
        OutOfOfficeNote is not null && !(time < OutOfOfficeStart) && !(time >= OutOfOfficeEnd);

    /// <summary>The card as it shows at <paramref name="time"/>: itself, or without the out-of-office note outside its dates.</summary>
    public ContactCard At(DateTimeOffset time) =>
        OutOfOfficeNote is null || ShowsOutOfOfficeAt(time)
            ? this
            : this with { OutOfOfficeNote = null, OutOfOfficeStart = null, OutOfOfficeEnd = null };

    // ImmutableArray compares by reference; a reload that rebuilds the same phones must read as unchanged.
    public bool Equals(ContactCard? other) =>
        other is not null && Email == other.Email && Title == other.Title && Company == other.Company && Office == other.Office &&
        WorkAddress == other.WorkAddress && WebSite == other.WebSite && Note == other.Note && OutOfOfficeNote == other.OutOfOfficeNote &&
        OutOfOfficeStart == other.OutOfOfficeStart && OutOfOfficeEnd == other.OutOfOfficeEnd && Meeting == other.Meeting &&
        Phones.AsSpan().SequenceEqual(other.Phones.AsSpan());

    public override int GetHashCode() =>
        HashCode.Combine(Email, Title, Company, Office, WorkAddress, WebSite,
            HashCode.Combine(Note, OutOfOfficeNote, OutOfOfficeStart, OutOfOfficeEnd, Meeting), Phones.Length);
}

/// <summary>A phone on a card: its Lync type token (work, mobile, home, other) and its E.164 number.</summary>
internal readonly record struct CardPhone(string Type, string Number)
{
    /// <summary>The type token of a work phone, the one Lync shows to colleagues.</summary>
    public const string WorkType = "work";

    /// <summary>The number as a tel URI (RFC 3966 global number), the form Lync dials from a card.</summary>
    public string TelUri => "tel:" + Number;
}
