namespace PresenceAgent.Tests.Support;

/// <summary>A throw-away themes folder, deleted on dispose.</summary>
internal sealed class TempThemeFolder : IDisposable
{
    public TempThemeFolder()
    {
        Path = System.IO.Directory.CreateTempSubdirectory("pa-themes-").FullName;
    }

    public string Path { get; }

    public string AvatarPath(string theme, string extension = "jpg") => System.IO.Path.Combine(Path, theme, "presence_avatar_image." + extension);

    public string AddTheme(string theme, byte[]? avatar, string extension = "jpg")
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Path, theme));
        string file = AvatarPath(theme, extension);
        if (avatar is not null)
        {
            File.WriteAllBytes(file, avatar);
        }

        return file;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is not a test failure.
        }
    }
}
