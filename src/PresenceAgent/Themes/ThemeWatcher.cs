using System.Threading.Channels;

namespace PresenceAgent.Themes;

/// <summary>
/// Keeps <see cref="ThemeStore"/> up with the themes folder: a file system watcher rings on any change below it, and
/// the store looks once the changes have stopped for <see cref="ThemeStore.Settle"/>; every Themes:RescanSeconds it
/// looks anyway, for file systems that send no notifications (network shares, some container mounts) and for a
/// watcher that lost events. A change is so served within about a second with notifications, and within
/// RescanSeconds plus two settles without.
/// </summary>
internal sealed class ThemeWatcher : BackgroundService
{
    private readonly ThemeStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ThemeWatcher> _logger;
    private readonly TimeSpan _period;

    // A doorbell, not a queue: the store finds what changed by looking, so one ring covers any number of events.
    private readonly Channel<bool> _ring = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ThemeWatcher(ThemeStore store, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _store = store;
        _time = time;
        _logger = loggers.CreateLogger<ThemeWatcher>();
        _period = TimeSpan.FromSeconds(store.Options.RescanSeconds);
        store.ReportTo(loggers.CreateLogger<ThemeStore>());
    }

    /// <summary>Whether to ask for change notifications; off, only the periodic look sees changes (tests of that path).</summary>
    internal bool WatchFileSystem { get; init; } = true;

    /// <summary>
    /// Completes once notifications are asked for (or not to be had). The host runs <see cref="ExecuteAsync"/> in the
    /// background, so a change made before this is seen by the periodic look only.
    /// </summary>
    internal Task Watching => _watching.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = WatchFileSystem ? Watch() : null;
        _watching.TrySetResult();
        Task<bool>? rang = null;
        var soon = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                rang ??= _ring.Reader.WaitToReadAsync(stoppingToken).AsTask();
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    var elapsed = Task.Delay(soon ? ThemeStore.Settle : _period, _time, wait.Token);
                    var first = await Task.WhenAny(rang, elapsed).ConfigureAwait(false);
                    await wait.CancelAsync().ConfigureAwait(false);
                    stoppingToken.ThrowIfCancellationRequested();
                    if (first == rang)
                    {
                        await rang.ConfigureAwait(false);
                        rang = null;
                        await QuietAsync(stoppingToken).ConfigureAwait(false);
                    }
                }

                soon = Look();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One look; a fault of ours is logged and the next look tries again, the avatars served stay.</summary>
    private bool Look()
    {
        try
        {
            return _store.Rescan();
        }
        catch (Exception ex)
        {
            _logger.ThemeRescanFaulted(_store.Folder, ex);
            return false;
        }
    }

    /// <summary>Waits until no event came for a settle, at most one rescan period: a copy writes in pieces.</summary>
    private async Task QuietAsync(CancellationToken stoppingToken)
    {
        var start = _time.GetTimestamp();
        do
        {
            _ring.Reader.TryRead(out _);
            await Task.Delay(ThemeStore.Settle, _time, stoppingToken).ConfigureAwait(false);
        }
        while (_ring.Reader.TryPeek(out _) && _time.GetElapsedTime(start) < _period);
    }

    private FileSystemWatcher? Watch()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(_store.Folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Created += OnEvent;
            watcher.Changed += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Out of inotify instances, a folder the watcher cannot open: the periodic look still sees every change.
            watcher?.Dispose();
            _logger.ThemeWatchUnavailable(_store.Folder, ex.Message, _store.Options.RescanSeconds);
            return null;
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => _ring.Writer.TryWrite(true);

    private void OnError(object sender, ErrorEventArgs e)
    {
        // Events were lost (the buffer overflowed): a look finds whatever they were about.
        _logger.ThemeWatchFailed(_store.Folder, _store.Options.RescanSeconds, e.GetException());
        _ring.Writer.TryWrite(true);
    }
}
