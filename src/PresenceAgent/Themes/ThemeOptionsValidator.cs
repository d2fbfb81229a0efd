using Microsoft.Extensions.Options;

namespace PresenceAgent.Themes;

/// <summary>Checks <see cref="ThemeOptions"/> at start-up and reports every problem at once.</summary>
internal sealed class ThemeOptionsValidator : IValidateOptions<ThemeOptions>
{
    /// <summary>The smallest byte limit that still fits a tiny real JPEG.</summary>
    public const int MinAvatarBytes = 1024;

    /// <summary>Everything is held in memory; beyond this an avatar is a mistake, not a picture.</summary>
    public const int MaxAvatarBytesCeiling = 16 * 1024 * 1024;

    /// <summary>JPEG stores dimensions in 16 bits (ITU T.81 B.2.2).</summary>
    public const int MaxDimensionCeiling = 65535;

    public ValidateOptionsResult Validate(string? name, ThemeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            errors.Add("Themes:Folder is empty; set it to the folder holding the theme subfolders (default \"themes\").");
        }

        if (!ThemeName.IsValid(options.DefaultTheme))
        {
            errors.Add($"Themes:DefaultTheme '{options.DefaultTheme}' is not a theme name; use letters, digits, '-', '_' or '.', not starting with '.'.");
        }

        if (options.MaxAvatarBytes is < MinAvatarBytes or > MaxAvatarBytesCeiling)
        {
            errors.Add($"Themes:MaxAvatarBytes {options.MaxAvatarBytes} is outside {MinAvatarBytes}..{MaxAvatarBytesCeiling}; the default is 524288 (512 KiB).");
        }

        if (options.MaxAvatarDimension is < 1 or > MaxDimensionCeiling)
        {
            errors.Add($"Themes:MaxAvatarDimension {options.MaxAvatarDimension} is outside 1..{MaxDimensionCeiling}; the default is 2048.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
