namespace PresenceAgent.Themes;

/// <summary>Where designers' themes live and what an avatar may be. Bound from the "Themes" section.</summary>
internal sealed record ThemeOptions
{
    public const string SectionName = "Themes";

    /// <summary>The file every theme folder holds; the name the designers' tooling already uses.</summary>
    public const string AvatarFileName = "presence_avatar_image.jpg";

    /// <summary>Folder of theme subfolders; a relative path is resolved by <see cref="ResolveFolder"/>.</summary>
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

    /// <summary>
    /// The absolute themes folder. A relative <see cref="Folder"/> is taken from the working directory when it exists
    /// there, so a checkout run with <c>dotnet run</c> reads (and reports faults in) the files designers edit, not the
    /// copy the build leaves under <c>bin/</c>; otherwise from the application folder, where a published agent's
    /// shipped themes are.
    /// </summary>
    public string ResolveFolder()
    {
        if (Path.IsPathRooted(Folder))
        {
            return Path.GetFullPath(Folder);
        }

        var fromWorkingDirectory = Path.GetFullPath(Folder);
        return System.IO.Directory.Exists(fromWorkingDirectory) ? fromWorkingDirectory : Path.GetFullPath(Folder, AppContext.BaseDirectory);
    }
}
