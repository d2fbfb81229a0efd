namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>Locates the repository from the test's output folder, and the files copied into that folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Themes => Path.Combine(Root, "themes");

    public static string Sipp => Path.Combine(Root, "tests", "EndToEnd.Tests", "Sipp");

    public static string LyncFixtures => Path.Combine(Root, "tests", "EndToEnd.Tests", "Fixtures", "Lync");

    /// <summary>
    /// The RFC 4475 messages (tests/Sip.Tests/Torture/rfc4475), copied beside the assembly by EndToEnd.Tests.csproj;
    /// a missing folder fails the test, it never skips it.
    /// </summary>
    public static string Torture
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Torture", "rfc4475");
            return System.IO.Directory.Exists(path)
                ? path
                : throw new DirectoryNotFoundException($"RFC 4475 torture messages not found at {path} (EndToEnd.Tests.csproj copies them there)");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PresenceAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("PresenceAgent.sln not found above " + AppContext.BaseDirectory);
    }
}
