using Microsoft.Playwright;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// One headless chromium for every browser test, launched on first use (a second or two) from Debian's package through
/// Playwright's driver, which the Microsoft.Playwright package ships: <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>
/// names it, so Playwright never looks for, nor fetches, a browser of its own.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Task InitializeAsync() => Task.CompletedTask;

    internal async Task<IBrowser> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                var path = Chromium.Path ?? throw new InvalidOperationException("chromium is required here (CI=true) but is not installed: apt-get install chromium");
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true });
            }

            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }
}

/// <summary>The browser tests share one chromium and run one after another: two cores do not run two browsers well.</summary>
[CollectionDefinition(nameof(UsesConsoleBrowser))]
public sealed class UsesConsoleBrowser : ICollectionFixture<ConsoleBrowser>;
