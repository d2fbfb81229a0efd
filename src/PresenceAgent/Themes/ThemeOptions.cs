namespace PresenceAgent.Themes;

/// <summary>Where designers' themes live and what an avatar may be. Bound from the "Themes" section.</summary>
internal sealed record ThemeOptions
{
    public const string SectionName = "Themes";

    /// <summary>The file every theme folder holds; the name the designers' tooling already uses.</summary>
    public const string AvatarFileName = "presence_avatar_image.jpg";

    /// <summary>Folder of theme subfolders; relative paths are taken from the content root.</summary>
    public string Folder { get; init; } = "themes";

    /// <summary>The theme used for services without one, and for themes whose avatar is unusable.</summary>
    public string DefaultTheme { get; init; } = "default";

    /// <summary>
    /// Clients show avatars at about 96×96, a few KB as JPEG. 512 KiB still admits a generous
    /// photo, while every avatar is held in memory and sent to every watcher that fetches it, so a
    /// designer's accidental 20 MB camera original is refused at start instead of served.
    /// </summary>
    public int MaxAvatarBytes { get; init; } = 512 * 1024;

    /// <summary>
    /// Largest width or height accepted. Watchers scale down to a thumbnail; anything beyond 2048
    /// is bytes no one sees, and some clients refuse large images outright.
    /// </summary>
    public int MaxAvatarDimension { get; init; } = 2048;
}
