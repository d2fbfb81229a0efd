using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.Themes;

/// <summary>
/// Every theme's avatar: each subfolder of the themes folder is a theme holding one of
/// <see cref="ThemeOptions.AvatarFileNames"/>. Loaded whole when constructed: a theme whose avatar is missing or bad
/// is logged and served the default theme's avatar, and a bad default throws <see cref="ThemeStoreException"/> so the
/// host refuses to start. Afterwards <see cref="Rescan"/> (ThemeStore.Rescan.cs) takes in what designers drop, replace
/// or remove, and <see cref="Changed"/> tells who shows those avatars.
/// </summary>
internal sealed partial class ThemeStore
{
    private readonly ThemeOptions _options;
    private readonly AvatarNormalizer _normalizer;
    private readonly TimeProvider _time;
    private volatile ILogger _logger;
    private volatile ThemeSnapshot _current;

    /// <param name="options">Where the themes are (<see cref="ThemeOptions.ResolveFolder"/>) and the avatar limits.</param>
    /// <param name="logger">Receives the load report (events 5100–5107) until <see cref="ReportTo"/> names another.</param>
    /// <param name="time">Times how long a changed file has stayed the same (<see cref="Settle"/>).</param>
    public ThemeStore(ThemeOptions options, ILogger<ThemeStore> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _normalizer = new AvatarNormalizer(options.MaxAvatarPixels);
        Folder = options.ResolveFolder();
        _current = LoadAll();
        _logger.ThemesLoaded(_current.Themes.Count(), Folder, _options.DefaultTheme);
    }

    /// <summary>
    /// Raised after a <see cref="Rescan"/> published avatars that differ, on the rescanning thread; the new avatars
    /// are served before it is raised.
    /// </summary>
    public event Action<ThemeChange>? Changed;

    /// <summary>The absolute themes folder.</summary>
    public string Folder { get; }

    public ThemeOptions Options => _options;

    /// <summary>The themes as served now.</summary>
    public ThemeSnapshot Current => _current;

    public Avatar DefaultAvatar => _current.DefaultAvatar;

    /// <inheritdoc cref="ThemeSnapshot.Themes"/>
    public IEnumerable<string> Themes => _current.Themes;

    /// <inheritdoc cref="ThemeSnapshot.Folders"/>
    public IReadOnlySet<string> Folders => _current.Folders;

    /// <summary>
    /// By theme (names ignore letter case), the last picture each could not take in: what the logs said once, kept for
    /// the admin console until a usable picture replaces it or the theme's folder goes. Apart from <see cref="Current"/>,
    /// so a refused file changes nothing watchers' documents depend on.
    /// </summary>
    public IReadOnlyDictionary<string, ThemeFault> Faults => _publishedFaults;

    /// <inheritdoc cref="ThemeSnapshot.Revision"/>
    public long Revision => _current.Revision;

    /// <inheritdoc cref="ThemeSnapshot.GetAvatar"/>
    public Avatar GetAvatar(string? theme) => _current.GetAvatar(theme);

    /// <inheritdoc cref="ThemeSnapshot.TryGetAvatar"/>
    public bool TryGetAvatar(string theme, [NotNullWhen(true)] out Avatar? avatar) => _current.TryGetAvatar(theme, out avatar);

    /// <summary>
    /// Where later reports go: the store is loaded while the configuration is checked, before the host's logging
    /// exists, and keeps reporting through the host's once it runs.
    /// </summary>
    public void ReportTo(ILogger logger) => _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    private ThemeSnapshot LoadAll()
    {
        var folders = ListFolders() ?? [];
        (string? defaultName, string? defaultFolder) = folders.Find(f => string.Equals(f.Name, _options.DefaultTheme, StringComparison.OrdinalIgnoreCase));
        var defaultStamp = defaultFolder is not null ? AvatarStamp.Find(defaultFolder) : AvatarStamp.None(Path.Combine(Folder, _options.DefaultTheme));
        var avatars = new Dictionary<string, Avatar>(StringComparer.OrdinalIgnoreCase);

        // The default first: without it nothing else is worth reading.
        if (!AvatarFile.TryLoad(defaultName ?? _options.DefaultTheme, defaultStamp, _options.MaxAvatarBytes, _normalizer, out var defaultAvatar, out var error))
        {
            throw new ThemeStoreException(_options.DefaultTheme, error);
        }

        foreach (var (name, folder) in folders)
        {
            var isDefault = string.Equals(name, defaultName, StringComparison.Ordinal);
            var stamp = isDefault ? defaultStamp : AvatarStamp.Find(folder);
            _files[name] = new ThemeFile(name, folder, stamp);
            var avatar = isDefault ? defaultAvatar : TryLoad(name, stamp);
            if (avatar is not null)
            {
                avatars[name] = avatar;
                _logger.AvatarLoaded(name, avatar.Path, avatar.Format, avatar.Width, avatar.Height, avatar.Hash);
            }
        }

        PublishFaults();
        return new ThemeSnapshot(avatars, folders.Select(f => f.Name), _options.DefaultTheme, revision: 0);
    }

    /// <summary>The avatar, or null with the fallback logged: the theme's services show the default avatar.</summary>
    private Avatar? TryLoad(string theme, AvatarStamp stamp)
    {
        if (AvatarFile.TryLoad(theme, stamp, _options.MaxAvatarBytes, _normalizer, out var avatar, out var error))
        {
            return avatar;
        }

        LogFallback(theme, error);
        SetFault(ThemeFault.Of(theme, error, keepsPrevious: false));
        return null;
    }

    private void LogFallback(string theme, AvatarLoadError error)
    {
        if (error.Exception is not null)
        {
            _logger.ThemeAvatarUnreadable(theme, error.Path, error.Exception);
        }
        else if (error.Fault == AvatarFault.None)
        {
            _logger.ThemeAvatarMissing(theme, error.Path);
        }
        else
        {
            _logger.ThemeAvatarInvalid(theme, error.Path, error.Fault, error.Reason);
        }
    }
}
