namespace PresenceAgent.Tests.Support;

/// <summary>The avatars shipped in the repository's themes folder, copied beside the tests.</summary>
internal static class ShippedThemes
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "themes");

    public static byte[] Default => File.ReadAllBytes(Path.Combine(Folder, "default", "presence_avatar_image.jpg"));

    public static byte[] Boardroom => File.ReadAllBytes(Path.Combine(Folder, "boardroom", "presence_avatar_image.jpg"));
}
