using PresenceAgent.Subscriptions;
using PresenceAgent.Themes;

namespace PresenceAgent.Http;

/// <summary>Builds the absolute avatar URL that goes into a presence document's CIPID icon.</summary>
internal static class AvatarUrls
{
    /// <summary>
    /// <paramref name="publicBase"/> + <c>avatars/{theme}.jpg</c>. The base is where watchers reach
    /// this agent's HTTP side (it may carry a path, e.g. behind a reverse proxy); its query and
    /// fragment are dropped. The URL must be absolute: watchers fetch it out of band.
    /// </summary>
    public static Uri For(Uri publicBase, string theme)
    {
        ArgumentNullException.ThrowIfNull(publicBase);
        ArgumentNullException.ThrowIfNull(theme);
        if (!publicBase.IsAbsoluteUri || (publicBase.Scheme != Uri.UriSchemeHttp && publicBase.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The public base must be an absolute http(s) URL.", nameof(publicBase));
        }

        if (!ThemeName.IsValid(theme))
        {
            throw new ArgumentException($"'{theme}' is not a theme name.", nameof(theme));
        }

        string path = publicBase.GetLeftPart(UriPartial.Path);
        string separator = path.EndsWith('/') ? string.Empty : "/";
        // Valid names are URL-safe already; escaping keeps that true if the name rule ever widens.
        return new Uri(string.Concat(path, separator, "avatars/", Uri.EscapeDataString(theme), ".jpg"));
    }

    /// <summary>
    /// The link for <paramref name="theme"/> (null: the default) to the theme whose image is actually served, so
    /// services without a usable theme share the default's one cached URL.
    /// </summary>
    public static AvatarLink LinkFor(ThemeStore themes, Uri publicBase, string? theme)
    {
        ArgumentNullException.ThrowIfNull(themes);
        var avatar = themes.GetAvatar(theme);
        return new AvatarLink(For(publicBase, avatar.Theme), avatar.Hash);
    }
}
