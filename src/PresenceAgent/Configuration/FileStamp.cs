namespace PresenceAgent.Configuration;

/// <summary>
/// What a look at a configuration file sees without reading it: whether it is there, its size and when it was last
/// written, of the file a symbolic link leads to (a Kubernetes ConfigMap swaps the link's target, not the link). A save
/// changes it; one seen the same again a moment later has settled (editors write in pieces).
/// </summary>
internal readonly record struct FileStamp(string? Target, long Length, DateTime LastWriteUtc)
{
    public static FileStamp Of(string path)
    {
        FileSystemInfo file = new FileInfo(path);
        try
        {
            file = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) ?? file;
        }
        catch (IOException)
        {
            // A link that loops or leads nowhere reads as no file.
            return default;
        }

        return file is FileInfo { Exists: true } found ? new FileStamp(found.FullName, found.Length, found.LastWriteTimeUtc) : default;
    }

    public static FileStamp[] Of(IReadOnlyList<string> paths) => [.. paths.Select(Of)];
}
