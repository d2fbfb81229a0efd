namespace PresenceAgent.Tests.Support;

/// <summary>The checkout the tests were built from: the first folder above the test binaries holding PresenceAgent.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "PresenceAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PresenceAgent.sln not found above {AppContext.BaseDirectory}");
    }
}
