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

    // ImmutableArray compares by reference; a reload that rebuilds the same phones must read as unchanged.
    public bool Equals(ContactCard? other) =>
        other is not null && Email == other.Email && Title == other.Title && Company == other.Company && Office == other.Office &&
        WorkAddress == other.WorkAddress && WebSite == other.WebSite && Note == other.Note && OutOfOfficeNote == other.OutOfOfficeNote &&
        Phones.AsSpan().SequenceEqual(other.Phones.AsSpan());

    public override int GetHashCode() =>
        HashCode.Combine(Email, Title, Company, Office, WorkAddress, WebSite, HashCode.Combine(Note, OutOfOfficeNote), Phones.Length);
}

/// <summary>A phone on a card: its Lync type token (work, mobile, home, other) and its E.164 number.</summary>
internal readonly record struct CardPhone(string Type, string Number)
{
    /// <summary>The type token of a work phone, the one Lync shows to colleagues.</summary>
    public const string WorkType = "work";

    /// <summary>The number as a tel URI (RFC 3966 global number), the form Lync dials from a card.</summary>
    public string TelUri => "tel:" + Number;
}
