namespace PresenceAgent.Themes;

/// <summary>Where designers' themes live, what an avatar file may be, and how often the folder is looked at. Bound from "Themes".</summary>
internal sealed record ThemeOptions
{
    public const string SectionName = "Themes";

    /// <summary>The avatar files a theme folder may hold, in the order they are looked for: the names the designers' tooling uses.</summary>
    public static readonly IReadOnlyList<string> AvatarFileNames = ["presence_avatar_image.jpg", "presence_avatar_image.png"];

    /// <summary>The first of <see cref="AvatarFileNames"/>: the one start-up faults suggest.</summary>
    public static string AvatarFileName => AvatarFileNames[0];

    /// <summary>Folder of theme subfolders; a relative path is resolved by <see cref="ResolveFolder"/>.</summary>
    public string Folder { get; init; } = "themes";

    /// <summary>The theme used for services without one, and for themes whose avatar is unusable.</summary>
    public string DefaultTheme { get; init; } = "default";

    /// <summary>
    /// Largest avatar file read, checked before a byte of it is read. 20 MiB admits a phone camera's original (a 12 MP
    /// JPEG is 3–8 MB, a 48 MP one up to about 20 MB), which is what a designer drops; the file is read once per change
    /// and only the small renditions are kept.
    /// </summary>
    public int MaxAvatarBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>
    /// Largest width × height decoded, checked from the header before decoding: a few hundred bytes of PNG can claim
    /// 65535×65535 (4 gigapixels, 16 GB of pixels). 40 megapixels is past a 12 MP or 24 MP camera and most 48 MP phones'
    /// default output, and costs at most about 160 MB while one image is decoded.
    /// </summary>
    public int MaxAvatarPixels { get; init; } = 40_000_000;

    /// <summary>
    /// Seconds between two looks at the themes folder for file systems that send no change notifications (network
    /// shares, some container mounts); with notifications a change is seen at once. 2 s keeps a change within the
    /// 5 s designers are promised, settling included (<see cref="ThemeStore.Settle"/>).
    /// </summary>
    public int RescanSeconds { get; init; } = 2;

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
