namespace PresenceAgent.Themes;

/// <summary>Avatars changed: the themes before and after, and which themes' avatars differ.</summary>
/// <param name="Before">The themes as watchers last saw them.</param>
/// <param name="After">The themes now served.</param>
/// <param name="Themes">The themes whose own avatar was added, replaced or removed.</param>
internal sealed record ThemeChange(ThemeSnapshot Before, ThemeSnapshot After, IReadOnlyList<string> Themes)
{
    /// <summary>Whether the default theme's avatar changed: every contact without a theme of its own shows it.</summary>
    public bool DefaultChanged => !ReferenceEquals(Before.DefaultAvatar, After.DefaultAvatar);

    /// <summary>Whether a contact showing <paramref name="theme"/> (null: the default) now shows another picture.</summary>
    public bool Affects(string? theme) => !ReferenceEquals(Before.GetAvatar(theme), After.GetAvatar(theme));
}
