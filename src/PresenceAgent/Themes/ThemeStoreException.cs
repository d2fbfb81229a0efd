namespace PresenceAgent.Themes;

/// <summary>
/// The default theme has no usable avatar. Thrown while the host starts, which must then refuse
/// to run: every theme falls back to the default, so without it watchers would get broken images.
/// </summary>
internal sealed class ThemeStoreException : Exception
{
    public ThemeStoreException(string defaultTheme, AvatarLoadError error)
        : base(
            $"The default theme '{defaultTheme}' has no usable avatar: {error.Path}: {error.Reason}. " +
            $"Put a JPEG or PNG named {string.Join(" or ", ThemeOptions.AvatarFileNames)} in that theme folder (see themes/README.md).",
            error.Exception)
    {
        Error = error;
    }

    public AvatarLoadError Error { get; }

    /// <summary>The avatar file that was missing or unusable.</summary>
    public string Path => Error.Path;
}
