using PresenceAgent.Directory;
using PresenceAgent.Themes;

namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// <c>GET /admin/api/themes</c>: every theme the store knows (a folder, a picture, or a fault), the default first, with
/// the picture it serves, the last file it could not take in, and the services that name it. The pictures themselves
/// are the public <c>/avatars/{theme}.jpg</c>, as watchers fetch them.
/// </summary>
/// <param name="Folder">The themes folder designers drop pictures into.</param>
/// <param name="DefaultTheme">The theme services without a usable one show.</param>
/// <param name="Revision">Counts avatar changes since start.</param>
/// <param name="Themes">The themes, the default first, then by name.</param>
internal sealed record ThemesView(string Folder, string DefaultTheme, long Revision, ThemeView[] Themes)
{
    public static ThemesView Of(ThemeStore store, ContactDirectory contacts)
    {
        var snapshot = store.Current;
        var defaultTheme = snapshot.DefaultAvatar.Theme;
        var faults = store.Faults;
        var names = snapshot.Folders.Concat(snapshot.Themes).Concat(faults.Keys)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(name => snapshot.TryGetAvatar(name, out var a) ? a.Theme : name)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(name => !string.Equals(name, defaultTheme, StringComparison.OrdinalIgnoreCase))
            .ThenBy(name => name, StringComparer.OrdinalIgnoreCase);
        var themes = names.Select(name =>
        {
            var isDefault = string.Equals(name, defaultTheme, StringComparison.OrdinalIgnoreCase);
            var avatar = snapshot.TryGetAvatar(name, out var a)
                ? new AvatarView(a.Format, a.Width, a.Height, a.Hash, a.LastModified, Path.GetFileName(a.Path), [.. a.Renditions.Select(r => r.Size)])
                : null;
            var fault = faults.TryGetValue(name, out var f)
                ? new ThemeFaultView(f.Fault == AvatarFault.None ? "Missing" : f.Fault.ToString(), f.Reason, f.KeepsPrevious, Path.GetFileName(f.Path))
                : null;
            string[] services = [.. contacts.Services
                .Where(s => string.Equals(s.Theme, name, StringComparison.OrdinalIgnoreCase) || (isDefault && s.Theme is null))
                .Select(s => s.DisplayName)];
            return new ThemeView(name, isDefault, snapshot.Folders.Contains(name), avatar, fault, services);
        });
        return new ThemesView(store.Folder, defaultTheme, snapshot.Revision, [.. themes]);
    }
}

/// <param name="Name">The theme's name as its folder spells it: <c>/avatars/{name}.jpg</c> serves its picture.</param>
/// <param name="IsDefault">Whether it is Themes:DefaultTheme.</param>
/// <param name="HasFolder">Whether its folder is there (a removed folder's theme is listed while its fault is).</param>
/// <param name="Avatar">The picture it serves, or null: its services show the default theme's.</param>
/// <param name="Fault">The last file it could not take in, or null.</param>
/// <param name="Services">The services whose configuration names it (the default: also those naming none).</param>
internal sealed record ThemeView(string Name, bool IsDefault, bool HasFolder, AvatarView? Avatar, ThemeFaultView? Fault, string[] Services);

/// <param name="Format">What the designer's file was: JPEG or PNG.</param>
/// <param name="Width">The file's width in pixels, before its EXIF orientation.</param>
/// <param name="Height">The file's height.</param>
/// <param name="Hash">The photo hash Lync contact cards carry, and the 96 px picture's ETag.</param>
/// <param name="LastModified">The file's last write time.</param>
/// <param name="File">The file's name in the theme's folder.</param>
/// <param name="Sizes">The square sizes served (<c>?size=</c>).</param>
internal sealed record AvatarView(string Format, int Width, int Height, string Hash, DateTimeOffset LastModified, string File, int[] Sizes);

/// <param name="Fault">Missing (no file, removed or unreadable), or why the file was refused: Empty, TooLarge, UnsupportedFormat, TooManyPixels, Truncated, Corrupt.</param>
/// <param name="Reason">The sentence the log gave.</param>
/// <param name="KeepsPrevious">True: the theme still shows its earlier picture; false: its services show the default theme's.</param>
/// <param name="File">The file's name in the theme's folder.</param>
internal sealed record ThemeFaultView(string Fault, string Reason, bool KeepsPrevious, string File);
