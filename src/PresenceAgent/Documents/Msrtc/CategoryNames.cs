namespace PresenceAgent.Documents.Msrtc;

/// <summary>
/// The enhanced-presence categories we publish, as flags so a subscription's filter is one byte. Names Lync asks for
/// that we have no data for (calendarData, noteHistory, …) have no flag: they are simply never sent.
/// </summary>
[Flags]
internal enum CategorySet : byte
{
    None = 0,
    State = 1,
    ContactCard = 2,
    Note = 4,
    Services = 8,
    All = State | ContactCard | Note | Services,
}

/// <summary>Category names as they appear in a categoryList and in the <c>name</c> attribute of a category.</summary>
internal static class CategoryNames
{
    public const string State = "state";
    public const string ContactCard = "contactCard";
    public const string Note = "note";
    public const string Services = "services";

    /// <summary>The flag for a requested name, <see cref="CategorySet.None"/> for one we do not publish.</summary>
    public static CategorySet Parse(ReadOnlySpan<char> name) =>
        // Case-insensitive: the names are camelCase in every example, but nothing is gained by refusing "contactcard".
        name.Equals(State, StringComparison.OrdinalIgnoreCase) ? CategorySet.State
        : name.Equals(ContactCard, StringComparison.OrdinalIgnoreCase) ? CategorySet.ContactCard
        : name.Equals(Note, StringComparison.OrdinalIgnoreCase) ? CategorySet.Note
        : name.Equals(Services, StringComparison.OrdinalIgnoreCase) ? CategorySet.Services
        : CategorySet.None;
}
