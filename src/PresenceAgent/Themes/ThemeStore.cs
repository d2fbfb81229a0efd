using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.Themes;

/// <summary>
/// Every theme's avatar, loaded once when constructed: each subfolder of the themes folder is a
/// theme holding <see cref="ThemeOptions.AvatarFileName"/>. A theme whose avatar is missing or bad
/// is logged and served the default theme's avatar; a bad default throws
/// <see cref="ThemeStoreException"/> so the host refuses to start.
/// </summary>
internal sealed class ThemeStore
{
    private readonly FrozenDictionary<string, Avatar> _avatars;
    private readonly HashSet<string> _folders = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger<ThemeStore> _logger;
    private readonly ThemeOptions _options;

    /// <param name="options">Where the themes are (<see cref="ThemeOptions.ResolveFolder"/>) and the avatar limits.</param>
    /// <param name="logger">Receives the load report (events 5100–5107).</param>
    public ThemeStore(ThemeOptions options, ILogger<ThemeStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        Folder = options.ResolveFolder();

        string defaultPath = AvatarPath(_options.DefaultTheme);
        Avatar? defaultAvatar = TryLoad(_options.DefaultTheme, defaultPath, out AvatarLoadError? error);
        if (defaultAvatar is null)
        {
            throw new ThemeStoreException(_options.DefaultTheme, error!);
        }

        DefaultAvatar = defaultAvatar;
        _avatars = LoadThemes(defaultAvatar).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _logger.ThemesLoaded(_avatars.Count, Folder, _options.DefaultTheme);
    }

    /// <summary>The absolute themes folder.</summary>
    public string Folder { get; }

    public Avatar DefaultAvatar { get; }

    /// <summary>The themes that have their own usable avatar, the default included.</summary>
    public IEnumerable<string> Themes => _avatars.Keys;

    /// <summary>The theme folders found, usable or not (names ignore letter case): what a service's Theme may name.</summary>
    public IReadOnlySet<string> Folders => _folders;

    /// <summary>
    /// The avatar of <paramref name="theme"/>, or the default theme's when the theme is null,
    /// unknown, or its avatar was unusable: a service without a theme shows the default image.
    /// </summary>
    public Avatar GetAvatar(string? theme) =>
        theme is not null && _avatars.TryGetValue(theme, out Avatar? avatar) ? avatar : DefaultAvatar;

    /// <summary>Whether <paramref name="theme"/> has its own avatar (names ignore letter case).</summary>
    public bool TryGetAvatar(string theme, [NotNullWhen(true)] out Avatar? avatar) =>
        _avatars.TryGetValue(theme, out avatar);

    private Dictionary<string, Avatar> LoadThemes(Avatar defaultAvatar)
    {
        var avatars = new Dictionary<string, Avatar>(StringComparer.OrdinalIgnoreCase)
        {
            [_options.DefaultTheme] = defaultAvatar,
        };

        string[] folders;
        try
        {
            folders = System.IO.Directory.GetDirectories(Folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.ThemesFolderUnreadable(Folder, ex);
            return avatars;
        }

        // Sorted so that, of two folders differing only in case, the same one wins on every start.
        Array.Sort(folders, StringComparer.Ordinal);
        foreach (string folder in folders)
        {
            string name = Path.GetFileName(folder);
            if (!ThemeName.IsValid(name))
            {
                _logger.ThemeFolderNameInvalid(folder);
                continue;
            }

            _folders.Add(name);
            if (avatars.TryGetValue(name, out Avatar? existing))
            {
                if (!ReferenceEquals(existing, defaultAvatar) || !string.Equals(name, _options.DefaultTheme, StringComparison.Ordinal))
                {
                    _logger.ThemeFolderDuplicate(folder, existing.Theme);
                }

                continue;
            }

            Avatar? avatar = TryLoad(name, AvatarPath(name), out AvatarLoadError? error);
            if (avatar is not null)
            {
                avatars.Add(name, avatar);
            }
            else
            {
                LogFallback(name, error!);
            }
        }

        return avatars;
    }

    private Avatar? TryLoad(string theme, string path, out AvatarLoadError? error)
    {
        byte[] bytes;
        DateTime lastWrite;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                error = new AvatarLoadError(path, "the file does not exist");
                return null;
            }

            // Refuse before reading so a huge file never lands in memory.
            if (file.Length > _options.MaxAvatarBytes)
            {
                error = new AvatarLoadError(path, $"file is {file.Length} bytes; the limit is {_options.MaxAvatarBytes}", JpegFault.TooLarge);
                return null;
            }

            lastWrite = file.LastWriteTimeUtc;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = new AvatarLoadError(path, $"the file cannot be read ({ex.Message})", Exception: ex);
            return null;
        }

        JpegInspection jpeg = JpegInspector.Inspect(bytes, _options.MaxAvatarBytes, _options.MaxAvatarDimension);
        if (!jpeg.IsValid)
        {
            error = new AvatarLoadError(path, jpeg.Message, jpeg.Fault);
            return null;
        }

        var avatar = new Avatar(theme, path, bytes, jpeg.Width, jpeg.Height, new DateTimeOffset(lastWrite, TimeSpan.Zero));
        _logger.AvatarLoaded(theme, path, avatar.Width, avatar.Height, bytes.Length, avatar.ETag);
        error = null;
        return avatar;
    }

    private void LogFallback(string theme, AvatarLoadError error)
    {
        if (error.Exception is not null)
        {
            _logger.ThemeAvatarUnreadable(theme, error.Path, error.Exception);
        }
        else if (error.JpegFault == JpegFault.None)
        {
            _logger.ThemeAvatarMissing(theme, error.Path);
        }
        else
        {
            _logger.ThemeAvatarInvalid(theme, error.Path, error.JpegFault, error.Reason);
        }
    }

    private string AvatarPath(string theme) => Path.Combine(Folder, theme, ThemeOptions.AvatarFileName);
}
