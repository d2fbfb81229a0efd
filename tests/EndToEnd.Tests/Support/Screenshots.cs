using Microsoft.Playwright;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// Screenshots of the admin console, kept as test artefacts in TestResults/screenshots beside the test assembly. With
/// UPDATE_CONSOLE_SCREENSHOTS=1 they are also copied to docs/screenshots, which the README links: run the browser
/// tests that way after changing how a page looks, and commit the pictures. (Not PRESENCEAGENT_…: the agent reads every
/// variable with that prefix as its configuration.)
/// </summary>
internal static class Screenshots
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        if (Environment.GetEnvironmentVariable("UPDATE_CONSOLE_SCREENSHOTS") == "1")
        {
            var docs = Path.Combine(RepoPaths.Root, "docs", "screenshots");
            System.IO.Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, name + ".png"), overwrite: true);
        }
    }
}
