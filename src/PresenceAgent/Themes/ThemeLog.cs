namespace PresenceAgent.Themes;

/// <summary>
/// Log events for themes and the avatar HTTP endpoint, band 5100–5199. Ids and names reach
/// dashboards and alert rules: never renumber or rename one; add new ids instead.
/// </summary>
internal static partial class ThemeLog
{
    [LoggerMessage(EventId = 5100, EventName = "ThemesLoaded", Level = LogLevel.Information,
        Message = "Loaded {ThemeCount} avatar themes from {Folder}; default theme '{DefaultTheme}'")]
    public static partial void ThemesLoaded(this ILogger logger, int themeCount, string folder, string defaultTheme);

    [LoggerMessage(EventId = 5101, EventName = "AvatarLoaded", Level = LogLevel.Debug,
        Message = "Theme '{Theme}': avatar {Path} is a {Width}x{Height} {Format}, served as photo hash {Hash}")]
    public static partial void AvatarLoaded(this ILogger logger, string theme, string path, string format, int width, int height, string hash);

    [LoggerMessage(EventId = 5102, EventName = "ThemeAvatarMissing", Level = LogLevel.Warning,
        Message = "Theme '{Theme}' has no avatar at {Path}; its services show the default theme's avatar")]
    public static partial void ThemeAvatarMissing(this ILogger logger, string theme, string path);

    [LoggerMessage(EventId = 5103, EventName = "ThemeAvatarInvalid", Level = LogLevel.Warning,
        Message = "Theme '{Theme}': avatar {Path} is not usable ({Fault}: {Reason}); its services show the default theme's avatar")]
    public static partial void ThemeAvatarInvalid(this ILogger logger, string theme, string path, AvatarFault fault, string reason);

    [LoggerMessage(EventId = 5104, EventName = "ThemeAvatarUnreadable", Level = LogLevel.Warning,
        Message = "Theme '{Theme}': avatar {Path} cannot be read; its services show the default theme's avatar")]
    public static partial void ThemeAvatarUnreadable(this ILogger logger, string theme, string path, Exception exception);

    [LoggerMessage(EventId = 5105, EventName = "ThemeFolderNameInvalid", Level = LogLevel.Warning,
        Message = "Ignoring theme folder {Path}: a theme name is ASCII letters, digits, '-', '_' or '.', at most 64 characters, not starting with '.'")]
    public static partial void ThemeFolderNameInvalid(this ILogger logger, string path);

    [LoggerMessage(EventId = 5106, EventName = "ThemeFolderDuplicate", Level = LogLevel.Warning,
        Message = "Ignoring theme folder {Path}: theme '{Theme}' already exists (theme names ignore letter case)")]
    public static partial void ThemeFolderDuplicate(this ILogger logger, string path, string theme);

    [LoggerMessage(EventId = 5107, EventName = "ThemesFolderUnreadable", Level = LogLevel.Warning,
        Message = "Cannot list the theme folders in {Folder}; only the default theme is available")]
    public static partial void ThemesFolderUnreadable(this ILogger logger, string folder, Exception exception);

    [LoggerMessage(EventId = 5110, EventName = "AvatarNameRejected", Level = LogLevel.Debug,
        Message = "Avatar request from {RemoteAddress} refused with 404: '{Theme}' is not a theme name")]
    public static partial void AvatarNameRejected(this ILogger logger, string? remoteAddress, string theme);

    [LoggerMessage(EventId = 5111, EventName = "AvatarThemeUnknown", Level = LogLevel.Debug,
        Message = "Avatar request for unknown theme '{Theme}' answered with the default theme's avatar")]
    public static partial void AvatarThemeUnknown(this ILogger logger, string theme);

    [LoggerMessage(EventId = 5112, EventName = "AvatarSelfCheckPassed", Level = LogLevel.Debug,
        Message = "Avatar self-check: theme '{Theme}' is served at {Url}")]
    public static partial void AvatarSelfCheckPassed(this ILogger logger, string theme, Uri url);

    [LoggerMessage(EventId = 5113, EventName = "AvatarSelfCheckFailed", Level = LogLevel.Warning,
        Message = "Avatar self-check: theme '{Theme}' could not be fetched from {Url} ({Reason}); watchers given this link will show no picture. Check Http:PublicBaseUrl, the certificate and any proxy in front")]
    public static partial void AvatarSelfCheckFailed(this ILogger logger, string theme, Uri url, string reason);

    [LoggerMessage(EventId = 5114, EventName = "AvatarUrlNotHttps", Level = LogLevel.Warning,
        Message = "Avatar links use {BaseUrl}: Lync and Skype for Business clients load contact photos over HTTPS only; set Http:PublicBaseUrl to an https URL")]
    public static partial void AvatarUrlNotHttps(this ILogger logger, Uri baseUrl);

    [LoggerMessage(EventId = 5115, EventName = "AvatarChanged", Level = LogLevel.Information,
        Message = "Theme '{Theme}': new avatar from {Path} (a {Width}x{Height} {Format}), photo hash {Hash}; the watchers of its services are notified")]
    public static partial void AvatarChanged(this ILogger logger, string theme, string path, string format, int width, int height, string hash);

    [LoggerMessage(EventId = 5116, EventName = "ThemeAvatarRefused", Level = LogLevel.Warning,
        Message = "Theme '{Theme}': avatar {Path} is not usable ({Fault}: {Reason}); the previous image stays until a usable file replaces it")]
    public static partial void ThemeAvatarRefused(this ILogger logger, string theme, string path, AvatarFault fault, string reason, Exception? exception);

    [LoggerMessage(EventId = 5117, EventName = "ThemeAvatarRemoved", Level = LogLevel.Warning,
        Message = "Theme '{Theme}': avatar {Path} was removed; its services show the default theme's avatar")]
    public static partial void ThemeAvatarRemoved(this ILogger logger, string theme, string path);

    [LoggerMessage(EventId = 5118, EventName = "DefaultAvatarRemoved", Level = LogLevel.Warning,
        Message = "The default theme '{Theme}' lost its avatar {Path}; the last one is still served, but the agent will not start without one: put a JPEG or PNG back")]
    public static partial void DefaultAvatarRemoved(this ILogger logger, string theme, string path);

    [LoggerMessage(EventId = 5119, EventName = "AvatarWatchersNotified", Level = LogLevel.Information,
        Message = "Avatars of {Themes} changed: NOTIFY to the watchers of {ContactCount} contacts")]
    public static partial void AvatarWatchersNotified(this ILogger logger, string themes, int contactCount);

    [LoggerMessage(EventId = 5120, EventName = "ThemeWatchUnavailable", Level = LogLevel.Warning,
        Message = "Cannot watch {Folder} for changes ({Reason}); avatar changes are seen by looking every {Seconds} s (Themes:RescanSeconds)")]
    public static partial void ThemeWatchUnavailable(this ILogger logger, string folder, string reason, int seconds);

    [LoggerMessage(EventId = 5121, EventName = "ThemeWatchFailed", Level = LogLevel.Warning,
        Message = "Watching {Folder} for changes failed; looking at every theme now, and every {Seconds} s as always (Themes:RescanSeconds)")]
    public static partial void ThemeWatchFailed(this ILogger logger, string folder, int seconds, Exception exception);

    [LoggerMessage(EventId = 5122, EventName = "ThemeRescanFaulted", Level = LogLevel.Error,
        Message = "Looking for avatar changes in {Folder} failed unexpectedly; the avatars served stay, and the next look tries again")]
    public static partial void ThemeRescanFaulted(this ILogger logger, string folder, Exception exception);
}
