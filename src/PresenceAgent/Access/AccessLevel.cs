namespace PresenceAgent.Access;

/// <summary>
/// How much of a contact a watcher may see, as Lync and Skype for Business name the levels (Personal, Team, Company,
/// Public, Blocked). Ordered by trust, so a watcher sees an attribute when its level is at least the attribute's
/// minimum. One byte: every subscription keeps its watcher's level.
/// </summary>
internal enum AccessLevel : byte
{
    Blocked,
    Public,
    Company,
    Team,
    Personal,
}

/// <summary>The level names configuration writes, compared ignoring case.</summary>
internal static class AccessLevels
{
    /// <summary>The names in the order admins read them, most trusted first, for error messages.</summary>
    public const string List = "Personal, Team, Company, Public, Blocked";

    /// <summary>One level by name: numbers and lists ("Team, Public", which Enum.TryParse would combine) are no level.</summary>
    public static bool TryParse(string? text, out AccessLevel level)
    {
        level = default;
        var name = text?.Trim();
        return !string.IsNullOrEmpty(name) && name.All(char.IsAsciiLetter) && Enum.TryParse(name, ignoreCase: true, out level);
    }
}
