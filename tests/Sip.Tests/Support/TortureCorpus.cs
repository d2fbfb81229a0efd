namespace PresenceAgent.Sip.Tests.Support;

/// <summary>
/// The RFC 4475 messages of Torture/rfc4475, copied beside the test assembly by Sip.Tests.csproj. A missing folder
/// fails the tests that need it; nothing is skipped.
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
        var folder = Path.Combine(AppContext.BaseDirectory, "Torture", "rfc4475");
        return Directory.Exists(folder)
            ? folder
            : throw new DirectoryNotFoundException($"RFC 4475 torture messages not found at {folder} (Sip.Tests.csproj copies tests/Sip.Tests/Torture/rfc4475 there).");
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
