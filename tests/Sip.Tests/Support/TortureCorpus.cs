namespace PresenceAgent.Sip.Tests.Support;

/// <summary>
/// The RFC 4475 messages in shared/torture/rfc4475, found beside the repository root. A missing folder fails the tests
/// that need it; nothing is skipped.
/// </summary>
internal static class TortureCorpus
{
    private static readonly Lazy<string> s_folder = new(Locate);

    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_kinds = new(ReadManifest);

    public static string Folder => s_folder.Value;

    /// <summary>File name to the manifest's kind (valid, invalid, invalid-liberal, either, response, valid/udp-only).</summary>
    public static IReadOnlyDictionary<string, string> Kinds => s_kinds.Value;

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Folder, file));

    private static string Locate()
    {
        // The repository root holds PresenceAgent.sln; shared/ is its sibling (../shared/torture).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PresenceAgent.sln")))
            {
                var folder = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "torture", "rfc4475"));
                return Directory.Exists(folder)
                    ? folder
                    : throw new DirectoryNotFoundException($"RFC 4475 torture messages not found at {folder} (expected ../shared/torture beside the repository root {dir.FullName}).");
            }
        }

        throw new DirectoryNotFoundException($"No PresenceAgent.sln above {AppContext.BaseDirectory}; cannot find ../shared/torture.");
    }

    private static Dictionary<string, string> ReadManifest()
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(Folder, "manifest.tsv")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            kinds[cells[0]] = cells[2];
        }

        return kinds;
    }
}
