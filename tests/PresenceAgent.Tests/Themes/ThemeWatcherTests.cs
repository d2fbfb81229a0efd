using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

/// <summary>
/// In real time, a designer's change is served within the 5 s promised: with the file system's notifications, and by
/// the periodic look alone, as on a share that sends none.
/// </summary>
public sealed class ThemeWatcherTests : IDisposable
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(5);

    private readonly TempThemeFolder _folder = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly ThemeStore _store;

    public ThemeWatcherTests()
    {
        _folder.AddTheme("default", TestImages.Solid(100, 100, TestImages.Red));
        _folder.AddTheme("boardroom", TestImages.Solid(100, 100, TestImages.Green));
        _store = new ThemeStore(new ThemeOptions { Folder = _folder.Path }, _logs.CreateLogger<ThemeStore>());
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_replaced_picture_and_a_new_theme_are_served_within_5_s(bool notifications)
    {
        using var watcher = new ThemeWatcher(_store, TimeProvider.System, _logs) { WatchFileSystem = notifications };
        await watcher.StartAsync(CancellationToken.None);
        await watcher.Watching.Within();
        try
        {
            var old = _store.GetAvatar("boardroom");
            var clock = Stopwatch.StartNew();
            _folder.AddTheme("boardroom", TestImages.Solid(120, 120, TestImages.Blue));
            _folder.AddTheme("lobby", TestImages.Solid(90, 90, TestImages.Blue));

            while (_store.GetAvatar("boardroom") == old || !_store.TryGetAvatar("lobby", out _))
            {
                Assert.True(clock.Elapsed < Promise, $"not served within {Promise}");
                await Task.Delay(50);
            }

            Assert.Equal(120, _store.GetAvatar("boardroom").Width);
            Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Its_reports_go_to_the_host_s_logging_once_it_runs()
    {
        var host = new CollectingLoggerProvider();
        using var watcher = new ThemeWatcher(_store, TimeProvider.System, host);
        _folder.AddTheme("boardroom", "not a picture"u8.ToArray());

        _store.Rescan();
        await Task.Delay(ThemeStore.Settle * 2);
        _store.Rescan();

        Assert.Contains(host.Entries, e => e.EventId.Id == 5116);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id == 5116);
    }
}
