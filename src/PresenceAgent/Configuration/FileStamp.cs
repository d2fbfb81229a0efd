namespace PresenceAgent.Configuration;

/// <summary>
/// What a look at a configuration file sees without reading it: whether it is there, its size and when it was last
/// written. A save changes it; one seen the same again a moment later has settled (editors write in pieces).
/// </summary>
internal readonly record struct FileStamp(bool Exists, long Length, DateTime LastWriteUtc)
{
    public static FileStamp Of(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new FileStamp(true, file.Length, file.LastWriteTimeUtc) : default;
    }

    public static FileStamp[] Of(IReadOnlyList<string> paths) => [.. paths.Select(Of)];
}
