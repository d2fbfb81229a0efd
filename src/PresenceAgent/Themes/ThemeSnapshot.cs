using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.Themes;

/// <summary>
/// The themes at one moment: each theme's avatar and the folders found. Immutable, so a reader holding one sees a
/// consistent set while the store publishes the next; an avatar that did not change is the same instance in both.
/// </summary>
internal sealed class ThemeSnapshot
{
    private readonly FrozenDictionary<string, Avatar> _avatars;

    public ThemeSnapshot(IDictionary<string, Avatar> avatars, IEnumerable<string> folders, string defaultTheme, long revision)
    {
        _avatars = avatars.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Folders = folders.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        DefaultAvatar = _avatars[defaultTheme];
        Revision = revision;
    }

    public Avatar DefaultAvatar { get; }

    /// <summary>The themes that have their own usable avatar, the default included.</summary>
    public IEnumerable<string> Themes => _avatars.Keys;

    /// <summary>The theme folders found, usable or not (names ignore letter case): what a service's Theme may name.</summary>
    public IReadOnlySet<string> Folders { get; }

    /// <summary>Counts the changes of any avatar since start: a document showing an avatar is current while this is.</summary>
    public long Revision { get; }

    /// <summary>
    /// The avatar of <paramref name="theme"/>, or the default theme's when the theme is null, unknown, or has no usable
    /// avatar: a service without a theme shows the default image.
    /// </summary>
    public Avatar GetAvatar(string? theme) =>
        theme is not null && _avatars.TryGetValue(theme, out var avatar) ? avatar : DefaultAvatar;

    /// <summary>Whether <paramref name="theme"/> has its own avatar (names ignore letter case).</summary>
    public bool TryGetAvatar(string theme, [NotNullWhen(true)] out Avatar? avatar) => _avatars.TryGetValue(theme, out avatar);

    /// <summary>A copy of the avatars by theme, for building the next snapshot.</summary>
    public Dictionary<string, Avatar> CopyAvatars() => new(_avatars, StringComparer.OrdinalIgnoreCase);
}
