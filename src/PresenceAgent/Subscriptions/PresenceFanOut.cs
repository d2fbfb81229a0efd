using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using PresenceAgent.Presence.Live;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// Carries each change of <see cref="LivePresence"/> to exactly the watchers of that contact, lists included, off the
/// thread that made it: an API call or a PUBLISH is answered at once, and a contact that changes again before its
/// watchers were reached is fanned out once, with its newest state. The notifier keeps at most one NOTIFY in flight per
/// subscription and builds each body when it sends, so a watcher that does not answer delays no one, and always gets
/// the newest state next.
/// </summary>
internal sealed class PresenceFanOut : BackgroundService
{
    private readonly LivePresence _live;
    private readonly SubscriptionTable _table;
    private readonly Notifier _notifier;
    private readonly ILogger<PresenceFanOut> _logger;
    private readonly ConcurrentDictionary<string, Change> _pending = new(StringComparer.OrdinalIgnoreCase);

    // A doorbell, not a queue: what to do is in _pending, so one ring covers any number of changes.
    private readonly Channel<bool> _ring = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _notified;

    public PresenceFanOut(LivePresence live, SubscriptionTable table, Notifier notifier, ILogger<PresenceFanOut> logger)
    {
        _live = live;
        _table = table;
        _notifier = notifier;
        _logger = logger;
        _live.Changed += OnChanged;
    }

    /// <summary>NOTIFYs queued by presence changes since start.</summary>
    public long Notified => Interlocked.Read(ref _notified);

    public override void Dispose()
    {
        _live.Changed -= OnChanged;
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _ring.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                _ring.Reader.TryRead(out _);
                foreach (var key in _pending.Keys)
                {
                    if (_pending.TryRemove(key, out var change))
                    {
                        FanOut(change);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the notifier ends every subscription next.
        }
    }

    /// <summary>A change waiting for its fan-out, with when the oldest change it stands for happened (the NOTIFY delay metric).</summary>
    private readonly record struct Change(IPresentity Contact, long At);

    private void OnChanged(IPresentity contact, ShownPresence shown)
    {
        _pending.AddOrUpdate(contact.Key, static (_, change) => change, static (_, waiting, change) => change with { At = waiting.At },
            new Change(contact, Stopwatch.GetTimestamp()));
        _ring.Writer.TryWrite(true);
    }

    private void FanOut(Change change)
    {
        var contact = change.Contact;
        var watchers = _table.WatchersOf(contact.Key);
        foreach (var s in watchers)
        {
            try
            {
                s.StateChanged(change.At);
                _notifier.Notify(s, SubscriptionStatus.Active);
            }
            catch (Exception ex)
            {
                // One subscription's fault must not cost the others their NOTIFY.
                SubscriptionLog.NotifyFailed(_logger, ex, Sip.Messages.SipFailure.Sanitize(s.Entity), Sip.Messages.SipFailure.Sanitize(s.Dialog.CallId));
            }
        }

        Interlocked.Add(ref _notified, watchers.Length);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            SubscriptionLog.FannedOut(_logger, Sip.Messages.SipFailure.Sanitize(contact.Key), watchers.Length);
        }
    }
}
