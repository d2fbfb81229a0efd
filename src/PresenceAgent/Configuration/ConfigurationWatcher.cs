using System.Threading.Channels;
using PresenceAgent.Reload;

namespace PresenceAgent.Configuration;

/// <summary>
/// Reloads the configuration when one of its files (<see cref="ConfigurationReloader.Files"/>) is saved. A file system
/// watcher on each file's folder rings on any event there; every <see cref="CheckPeriod"/> the files' size and time are
/// looked at anyway, for file systems that send no notifications (network shares, some container mounts, a ConfigMap's
/// symlink swap). A change is read once the files have looked the same for <see cref="Settle"/>: editors and
/// configuration tools write in pieces, and a half-written file would be refused for nothing.
/// </summary>
internal sealed class ConfigurationWatcher(ConfigurationReloader reloader, TimeProvider time, ILogger<ConfigurationWatcher> logger) : BackgroundService
{
    /// <summary>How long the files must stay the same before they are read: past an editor's save, short to an admin.</summary>
    internal static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    /// <summary>The look without notifications; as the themes folder's (Themes:RescanSeconds' default).</summary>
    internal static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(2);

    /// <summary>A settle gives up waiting for quiet after this, and reads what is there.</summary>
    private static readonly TimeSpan s_maxSettle = TimeSpan.FromSeconds(10);

    // A doorbell, not a queue: the stamps say whether anything changed, so one ring covers any number of events.
    private readonly Channel<bool> _ring = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether to ask for change notifications; off, only the periodic look sees changes (tests of that path).</summary>
    internal bool WatchFileSystem { get; init; } = true;

    /// <summary>Completes once notifications are asked for (or not to be had); tests change files after it.</summary>
    internal Task Watching => _watching.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folders = Folders();
        var watchers = Watch(folders);
        _watching.TrySetResult();
        Task<bool>? rang = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                rang ??= _ring.Reader.WaitToReadAsync(stoppingToken).AsTask();
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    var first = await Task.WhenAny(rang, Task.Delay(CheckPeriod, time, wait.Token)).ConfigureAwait(false);
                    await wait.CancelAsync().ConfigureAwait(false);
                    stoppingToken.ThrowIfCancellationRequested();
                    if (first == rang)
                    {
                        _ring.Reader.TryRead(out _);
                        rang = null;
                    }
                }

                if (!reloader.FilesChanged())
                {
                    continue;
                }

                await SettleAsync(stoppingToken).ConfigureAwait(false);
                await ReloadAsync().ConfigureAwait(false);

                // A reload may name another state map file: watch its folder from now on.
                if (!Folders().SequenceEqual(folders))
                {
                    Dispose(watchers);
                    folders = Folders();
                    watchers = Watch(folders);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            Dispose(watchers);
        }
    }

    /// <summary>Waits until the files look the same twice <see cref="Settle"/> apart (at most <see cref="s_maxSettle"/>).</summary>
    private async Task SettleAsync(CancellationToken stoppingToken)
    {
        var start = time.GetTimestamp();
        var seen = FileStamp.Of(reloader.Files);
        while (time.GetElapsedTime(start) < s_maxSettle)
        {
            await Task.Delay(Settle, time, stoppingToken).ConfigureAwait(false);
            var now = FileStamp.Of(reloader.Files);
            if (now.SequenceEqual(seen))
            {
                return;
            }

            seen = now;
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            await reloader.ReloadAsync(ReloadTrigger.File).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The reloader logged its fault (ConfigurationReloadFaulted); the next save is another try.
        }
    }

    private string[] Folders() => [.. reloader.Files.Select(f => Path.GetDirectoryName(f)!).Distinct(StringComparer.Ordinal)];

    private List<FileSystemWatcher> Watch(string[] folders)
    {
        var watchers = new List<FileSystemWatcher>();
        if (!WatchFileSystem)
        {
            return watchers;
        }

        foreach (var folder in folders)
        {
            FileSystemWatcher? watcher = null;
            try
            {
                // The folder, not the file: an editor that saves by writing a new file and renaming it over the old
                // one, and a file created where there was none, are events of the folder.
                watcher = new FileSystemWatcher(folder)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                watcher.Created += OnEvent;
                watcher.Changed += OnEvent;
                watcher.Deleted += OnEvent;
                watcher.Renamed += OnEvent;
                watcher.Error += OnError;
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // Out of inotify instances, a folder that is not there yet: the periodic look still sees every change.
                watcher?.Dispose();
                logger.WatchUnavailable(folder, ex.Message, (int)CheckPeriod.TotalSeconds);
            }
        }

        return watchers;
    }

    private static void Dispose(List<FileSystemWatcher> watchers)
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }

    /// <summary>Rings for the watched files only: the folder may be the working directory, with a log written into it.</summary>
    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        var files = reloader.Files;
        if (files.Contains(e.FullPath, StringComparer.Ordinal) || (e is RenamedEventArgs r && files.Contains(r.OldFullPath, StringComparer.Ordinal)))
        {
            _ring.Writer.TryWrite(true);
        }
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        // Events were lost (the buffer overflowed): the stamps show whatever they were about.
        logger.WatchFailed(((FileSystemWatcher)sender).Path, (int)CheckPeriod.TotalSeconds, e.GetException());
        _ring.Writer.TryWrite(true);
    }
}
