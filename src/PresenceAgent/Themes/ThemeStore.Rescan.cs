using System.Collections.Frozen;

namespace PresenceAgent.Themes;

internal sealed partial class ThemeStore
{
    /// <summary>
    /// How long a changed file must keep the same length and write time before it is read. A designer's copy (or a
    /// save over a share) writes in pieces; half a picture read in between would be refused and logged for nothing.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    private readonly Lock _scanLock = new();

    // By theme name, ignoring case: where each theme's file is, and what of it is served.
    private readonly Dictionary<string, ThemeFile> _files = new(StringComparer.OrdinalIgnoreCase);

    // Folders already warned about (bad name, duplicate name), so a rescan every few seconds warns once.
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private bool _folderUnreadable;

    // By theme name, ignoring case: the last picture each could not take in; a frozen copy is what readers see.
    private readonly Dictionary<string, ThemeFault> _faults = new(StringComparer.OrdinalIgnoreCase);
    private volatile FrozenDictionary<string, ThemeFault> _publishedFaults = FrozenDictionary<string, ThemeFault>.Empty;
    private bool _faultsChanged;

    /// <summary>
    /// Looks at the themes folder once: a theme folder added or removed, an avatar file dropped, replaced or removed.
    /// A file whose stamp changed is read once the same stamp is seen again <see cref="Settle"/> later; a picture that
    /// is refused is logged and the theme keeps the avatar it had; a removed file returns its theme to the default
    /// avatar (the default theme keeps its last one). New avatars are served at once and then announced by
    /// <see cref="Changed"/>. Safe to call from any thread; calls take turns.
    /// </summary>
    /// <returns>Whether a change is waiting to settle: look again after <see cref="Settle"/>.</returns>
    public bool Rescan()
    {
        ThemeChange? change;
        bool waiting;
        lock (_scanLock)
        {
            (change, waiting) = ScanOnce();
        }

        if (change is not null)
        {
            Changed?.Invoke(change);
        }

        return waiting;
    }

    private (ThemeChange? Change, bool Waiting) ScanOnce()
    {
        // A folder that cannot be listed tells nothing about the themes in it: keep serving what we have.
        if (ListFolders() is not { } listed)
        {
            return (null, false);
        }

        var now = _time.GetTimestamp();
        var before = _current;
        _faultsChanged = false;
        var folders = listed.ToDictionary(f => f.Name, f => f.Path, StringComparer.OrdinalIgnoreCase);
        Dictionary<string, Avatar>? avatars = null;
        var changed = new List<string>();
        var waiting = false;
        foreach (var name in folders.Keys.Union(_files.Keys, StringComparer.OrdinalIgnoreCase).ToList())
        {
            var folder = folders.GetValueOrDefault(name);
            var stamp = folder is null ? AvatarStamp.None(Path.Combine(Folder, name)) : AvatarStamp.Find(folder);
            if (!_files.TryGetValue(name, out var file))
            {
                file = new ThemeFile(name, folder, applied: null);
                _files[name] = file;
            }

            // The union lists a folder's own spelling first: a theme renamed only in case keeps its state.
            file.Folder = folder;
            file.Name = folder is null ? file.Name : name;
            if (stamp == file.Applied)
            {
                file.Pending = null;
                continue;
            }

            if (stamp != file.Pending)
            {
                file.Pending = stamp;
                file.PendingSince = now;
                waiting = true;
                continue;
            }

            if (_time.GetElapsedTime(file.PendingSince, now) < Settle)
            {
                waiting = true;
                continue;
            }

            file.Applied = stamp;
            file.Pending = null;
            avatars ??= before.CopyAvatars();
            if (Apply(file, stamp, avatars))
            {
                changed.Add(file.Name);
            }
        }

        // A theme with neither folder nor avatar left is forgotten, so the table is as large as the folder.
        foreach (var gone in _files.Values.Where(f => f.Folder is null && f.Pending is null).ToList())
        {
            if (!(avatars?.ContainsKey(gone.Name) ?? before.TryGetAvatar(gone.Name, out _)))
            {
                _files.Remove(gone.Name);
                ClearFault(gone.Name);
            }
        }

        var foldersChanged = !before.Folders.SetEquals(folders.Keys);
        if (_faultsChanged)
        {
            PublishFaults();
        }

        if (changed.Count == 0 && !foldersChanged)
        {
            return (null, waiting);
        }

        var after = new ThemeSnapshot(avatars ?? before.CopyAvatars(), listed.Select(f => f.Name), _options.DefaultTheme,
            changed.Count > 0 ? before.Revision + 1 : before.Revision);
        _current = after;
        return (changed.Count > 0 ? new ThemeChange(before, after, changed) : null, waiting);
    }

    /// <summary>Takes in the settled file of one theme; true when the theme's own avatar changed.</summary>
    private bool Apply(ThemeFile file, AvatarStamp stamp, Dictionary<string, Avatar> avatars)
    {
        var isDefault = string.Equals(file.Name, _options.DefaultTheme, StringComparison.OrdinalIgnoreCase);
        avatars.TryGetValue(file.Name, out var previous);
        if (!stamp.Exists)
        {
            if (previous is null)
            {
                if (file.Folder is not null)
                {
                    _logger.ThemeAvatarMissing(file.Name, stamp.Path);
                    SetFault(new ThemeFault(file.Name, stamp.Path, AvatarFault.None, "the file does not exist", KeepsPrevious: false));
                }

                return false;
            }

            if (isDefault)
            {
                // Every other theme falls back to this one: keep showing it, and say what the next start will do.
                _logger.DefaultAvatarRemoved(file.Name, previous.Path);
                SetFault(new ThemeFault(file.Name, previous.Path, AvatarFault.None,
                    "the file was removed; the last picture is served, but the agent will not start without one", KeepsPrevious: true));
                return false;
            }

            avatars.Remove(file.Name);
            _logger.ThemeAvatarRemoved(file.Name, previous.Path);
            if (file.Folder is not null)
            {
                SetFault(new ThemeFault(file.Name, previous.Path, AvatarFault.None, "the file was removed", KeepsPrevious: false));
            }

            return true;
        }

        if (!AvatarFile.TryLoad(file.Name, stamp, _options.MaxAvatarBytes, _normalizer, out var avatar, out var error))
        {
            if (previous is null)
            {
                LogFallback(file.Name, error);
            }
            else
            {
                _logger.ThemeAvatarRefused(file.Name, error.Path, error.Fault, error.Reason, error.Exception);
            }

            SetFault(ThemeFault.Of(file.Name, error, keepsPrevious: previous is not null));
            return false;
        }

        ClearFault(file.Name);

        if (previous is not null && previous.SamePictureAs(avatar) && string.Equals(previous.Theme, avatar.Theme, StringComparison.Ordinal))
        {
            // Saved again unchanged (or touched): watchers would fetch the very same picture.
            return false;
        }

        avatars[file.Name] = avatar;
        _logger.AvatarChanged(file.Name, avatar.Path, avatar.Format, avatar.Width, avatar.Height, avatar.Hash);
        return true;
    }

    private void SetFault(ThemeFault fault)
    {
        if (!_faults.TryGetValue(fault.Theme, out var had) || had != fault)
        {
            _faults[fault.Theme] = fault;
            _faultsChanged = true;
        }
    }

    private void ClearFault(string theme) => _faultsChanged |= _faults.Remove(theme);

    private void PublishFaults() => _publishedFaults = _faults.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The theme folders by name, sorted so that of two names differing only in case the same one wins on every look;
    /// folders whose names no theme can have, and the losing duplicates, are warned about once. Null when the themes
    /// folder cannot be listed (warned once until it can again).
    /// </summary>
    private List<(string Name, string Path)>? ListFolders()
    {
        string[] folders;
        try
        {
            folders = System.IO.Directory.GetDirectories(Folder);
            _folderUnreadable = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_folderUnreadable)
            {
                _logger.ThemesFolderUnreadable(Folder, ex);
                _folderUnreadable = true;
            }

            return null;
        }

        Array.Sort(folders, StringComparer.Ordinal);
        var found = new List<(string Name, string Path)>(folders.Length);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in folders)
        {
            var name = System.IO.Path.GetFileName(folder);
            if (!ThemeName.IsValid(name))
            {
                if (_reported.Add(folder))
                {
                    _logger.ThemeFolderNameInvalid(folder);
                }

                continue;
            }

            if (!names.Add(name))
            {
                if (_reported.Add(folder))
                {
                    _logger.ThemeFolderDuplicate(folder, found.First(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).Name);
                }

                continue;
            }

            found.Add((name, folder));
        }

        return found;
    }

    /// <summary>One theme's file: where it is, the stamp whose content is served (or was refused), and a change waiting to settle.</summary>
    private sealed class ThemeFile(string name, string? folder, AvatarStamp? applied)
    {
        /// <summary>The theme's name as its folder spells it.</summary>
        public string Name { get; set; } = name;

        /// <summary>The theme's folder; null once it is gone.</summary>
        public string? Folder { get; set; } = folder;

        /// <summary>The file as last read (or found missing); null before the first look.</summary>
        public AvatarStamp? Applied { get; set; } = applied;

        public AvatarStamp? Pending { get; set; }

        public long PendingSince { get; set; }
    }
}
