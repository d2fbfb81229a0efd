namespace PresenceAgent.Themes;

/// <summary>Checks <see cref="ThemeOptions"/> with the rest of the configuration and reports every problem at once.</summary>
internal static class ThemeOptionsValidator
{
    /// <summary>The smallest byte limit that still fits a tiny real JPEG.</summary>
    public const int MinAvatarBytes = 1024;

    /// <summary>Everything is held in memory; beyond this an avatar is a mistake, not a picture.</summary>
    public const int MaxAvatarBytesCeiling = 16 * 1024 * 1024;

    /// <summary>JPEG stores dimensions in 16 bits (ITU T.81 B.2.2).</summary>
    public const int MaxDimensionCeiling = 65535;

    public static void Validate(ThemeOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            errors.Add("Themes:Folder: empty; set it to the folder holding the theme subfolders (default \"themes\").");
        }

        if (!ThemeName.IsValid(options.DefaultTheme))
        {
            errors.Add($"Themes:DefaultTheme: '{options.DefaultTheme}' is not a theme name; use letters, digits, '-', '_' or '.', not starting with '.'.");
        }

        if (options.MaxAvatarBytes is < MinAvatarBytes or > MaxAvatarBytesCeiling)
        {
            errors.Add($"Themes:MaxAvatarBytes: {options.MaxAvatarBytes} is outside {MinAvatarBytes}..{MaxAvatarBytesCeiling}; the default is 524288 (512 KiB).");
        }

        if (options.MaxAvatarDimension is < 1 or > MaxDimensionCeiling)
        {
            errors.Add($"Themes:MaxAvatarDimension: {options.MaxAvatarDimension} is outside 1..{MaxDimensionCeiling}; the default is 2048.");
        }
    }
}
