namespace PresenceAgent.Themes;

/// <summary>Checks <see cref="ThemeOptions"/> with the rest of the configuration and reports every problem at once.</summary>
internal static class ThemeOptionsValidator
{
    /// <summary>The smallest byte limit that still fits a tiny real image.</summary>
    public const int MinAvatarBytes = 1024;

    /// <summary>The file is read whole into memory to be decoded; past this it is a video or an archive, not a photo.</summary>
    public const int MaxAvatarBytesCeiling = 64 * 1024 * 1024;

    /// <summary>100×100: below that no rendition could be made from the picture.</summary>
    public const int MinAvatarPixels = 10_000;

    /// <summary>100 megapixels costs up to about 800 MB of pixels while decoding (16-bit PNG): the most a 2-core agent box should spend on a picture.</summary>
    public const int MaxAvatarPixelsCeiling = 100_000_000;

    public const int MaxRescanSeconds = 60;

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
            errors.Add($"Themes:MaxAvatarBytes: {options.MaxAvatarBytes} is outside {MinAvatarBytes}..{MaxAvatarBytesCeiling}; the default is 20971520 (20 MiB).");
        }

        if (options.MaxAvatarPixels is < MinAvatarPixels or > MaxAvatarPixelsCeiling)
        {
            errors.Add($"Themes:MaxAvatarPixels: {options.MaxAvatarPixels} is outside {MinAvatarPixels}..{MaxAvatarPixelsCeiling}; the default is 40000000 (40 megapixels).");
        }

        if (options.RescanSeconds is < 1 or > MaxRescanSeconds)
        {
            errors.Add($"Themes:RescanSeconds: {options.RescanSeconds} is outside 1..{MaxRescanSeconds}; the default is 2.");
        }
    }
}
