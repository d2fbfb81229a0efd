namespace PresenceAgent.Themes;

/// <summary>
/// Why a theme does not show the picture in its folder: the last file of it the store could not use. It lasts until a
/// usable picture is taken in or the theme's folder goes, so the admin console can show what the logs said once.
/// </summary>
/// <param name="Theme">The theme's name as its folder spells it.</param>
/// <param name="Path">The avatar file, or where it was looked for.</param>
/// <param name="Fault">The verdict on a file that was there; None when it was missing, removed or unreadable.</param>
/// <param name="Reason">A sentence for the admin, as logged.</param>
/// <param name="KeepsPrevious">True: the theme still shows its earlier picture; false: its services show the default theme's.</param>
internal sealed record ThemeFault(string Theme, string Path, AvatarFault Fault, string Reason, bool KeepsPrevious)
{
    public static ThemeFault Of(string theme, AvatarLoadError error, bool keepsPrevious) =>
        new(theme, error.Path, error.Fault, error.Reason, keepsPrevious);
}
