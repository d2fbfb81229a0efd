namespace PresenceAgent.Themes;

/// <summary>
/// What a theme folder's avatar file looked like at one look: which file, its length and last write time. Cheap to
/// take (one stat per candidate name), so the folder can be looked at every few seconds and a file read only when its
/// stamp moved.
/// </summary>
/// <param name="Path">The file found, or the first candidate's path when there is none.</param>
/// <param name="Length">Its length in bytes; -1 when there is no file.</param>
/// <param name="LastWriteUtc">Its last write time.</param>
internal readonly record struct AvatarStamp(string Path, long Length, DateTime LastWriteUtc)
{
    public bool Exists => Length >= 0;

    /// <summary>The avatar file of <paramref name="themeFolder"/>: the first of <see cref="ThemeOptions.AvatarFileNames"/> there.</summary>
    public static AvatarStamp Find(string themeFolder)
    {
        foreach (var name in ThemeOptions.AvatarFileNames)
        {
            var file = new FileInfo(System.IO.Path.Combine(themeFolder, name));
            if (file.Exists)
            {
                return new AvatarStamp(file.FullName, file.Length, file.LastWriteTimeUtc);
            }
        }

        return None(themeFolder);
    }

    /// <summary>No avatar file in <paramref name="themeFolder"/> (or no such folder).</summary>
    public static AvatarStamp None(string themeFolder) => new(System.IO.Path.Combine(themeFolder, ThemeOptions.AvatarFileName), -1, default);
}
