namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// Debian's chromium, which the admin console's browser tests drive through Playwright: found on the machine, never
/// downloaded. CHROMIUM_EXECUTABLE names another executable; otherwise the first of chromium and chromium-browser
/// on PATH, then /usr/bin/chromium.
/// </summary>
internal static class Chromium
{
    public static string? Path { get; } = Find();

    /// <summary>Under CI (CI=true, where .ci/run installs chromium) the browser tests always run, so a missing one fails them.</summary>
    public static bool RequiredByCi => Sipp.RequiredByCi;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_EXECUTABLE") is { Length: > 0 } named)
        {
            return File.Exists(named) ? named : null;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in (string[])["chromium", "chromium-browser"])
        {
            foreach (var dir in path)
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
    }
}
