using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// A page of the admin console open in its own browser context (no shared storage or cache between tests), with
/// everything that went wrong in it recorded: console errors, uncaught exceptions (a Content-Security-Policy violation
/// is a console error too), requests that failed, and responses with an error status.
/// </summary>
internal sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    private ConsolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"uncaught: {error}");
        page.RequestFailed += (_, request) => _problems.Enqueue($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _problems.Enqueue($"{response.Status} for {response.Request.Method} {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Everything that went wrong so far, in order.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    /// <summary>Opens <paramref name="path"/> (relative to the agent's HTTP base, e.g. <c>admin/services</c>) and waits for its first load.</summary>
    public static async Task<ConsolePage> OpenAsync(ConsoleBrowser browser, AgentUnderTest agent, string path, bool waitForData = true)
    {
        // A fixed size, language and time zone: screenshots of one run look like those of the next.
        var context = await (await browser.GetAsync()).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = agent.HttpBase.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var console = new ConsolePage(context, await context.NewPageAsync());
        await console.Page.GotoAsync(path);
        if (waitForData)
        {
            await console.LoadedAsync();
        }

        return console;
    }

    /// <summary>Waits until the page has loaded its data <paramref name="times"/> times in all (each page counts in body[data-loads]).</summary>
    public Task LoadedAsync(int times = 1) =>
        Page.WaitForFunctionAsync("n => Number(document.body.dataset.loads ?? 0) >= n", times, new PageWaitForFunctionOptions { Timeout = 15_000 });

    public void AssertClean() => Assert.True(_problems.IsEmpty, "the page had problems:\n" + string.Join("\n", _problems));

    /// <summary>Saves the whole page as TestResults/screenshots/<paramref name="name"/>.png beside the tests (<see cref="Screenshots"/>).</summary>
    public Task ScreenshotAsync(string name) => Screenshots.SaveAsync(Page, name);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
