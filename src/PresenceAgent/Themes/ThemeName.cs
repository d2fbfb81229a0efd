namespace PresenceAgent.Themes;

/// <summary>
/// The names a theme may have. The same rule guards folder names at load and URL segments on
/// request, so a name can never be "..", contain a separator, or otherwise leave the themes folder.
/// </summary>
internal static class ThemeName
{
    public const int MaxLength = 64;

    /// <summary>ASCII letters, digits, '-', '_' and '.', at most 64 characters, not starting with '.'.</summary>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxLength || name[0] == '.')
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
