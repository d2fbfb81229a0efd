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
/// the newest state next. <see cref="Refresh"/> sends the same NOTIFYs for contacts whose document changed for another
/// reason (a new avatar, a configuration change).
/// </summary>
internal sealed class PresenceFanOut : BackgroundService
{
    private readonly LivePresence _live;
    private readonly SubscriptionTable _table;
    private readonly Notifier _notifier;
    private readonly ILogger<PresenceFanOut> _logger;
    // The keys of contacts whose watchers are owed a NOTIFY, with when the oldest change still owed happened (Stopwatch
    // ticks, for the NOTIFY delay metric).
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>NOTIFYs queued by presence changes and refreshes since start.</summary>
    public long Notified => Interlocked.Read(ref _notified);

    /// <summary>
    /// NOTIFYs the watchers of each contact of <paramref name="contactKeys"/> (<see cref="Directory.Contact.Key"/>), lists
    /// included, with the document they get now, as a presence change would: off the caller's thread, once per contact
    /// however often asked before it was reached. For a document that changed with something other than presence, such
    /// as an avatar or a contact's configuration. Keys without watchers cost a lookup.
    /// </summary>
    public void Refresh(IEnumerable<string> contactKeys)
    {
        ArgumentNullException.ThrowIfNull(contactKeys);
        var now = Stopwatch.GetTimestamp();
        foreach (var key in contactKeys)
        {
            Owe(key, now);
        }

        _ring.Writer.TryWrite(true);
    }

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
                    if (_pending.TryRemove(key, out var at))
                    {
                        FanOut(key, at);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the notifier ends every subscription next.
        }
    }

    private void OnChanged(IPresentity contact, ShownPresence shown)
    {
        Owe(contact.Key, Stopwatch.GetTimestamp());
        _ring.Writer.TryWrite(true);
    }

    /// <summary>The contact's watchers are owed a NOTIFY; a change already owed keeps its older time.</summary>
    private void Owe(string contactKey, long at) =>
        _pending.AddOrUpdate(contactKey, static (_, at) => at, static (_, waiting, _) => waiting, at);

    private void FanOut(string contactKey, long at)
    {
        var watchers = _table.WatchersOf(contactKey);
        var notified = 0;
        foreach (var s in watchers)
        {
            // A blocked watcher's document never changes (Offline, nothing else): a NOTIFY would only tell it when the
            // room's state moves.
            if (s is ContactSubscription { Level: Access.AccessLevel.Blocked })
            {
                continue;
            }

            notified++;
            try
            {
                s.StateChanged(at);
                _notifier.Notify(s, SubscriptionStatus.Active);
            }
            catch (Exception ex)
            {
                // One subscription's fault must not cost the others their NOTIFY.
                SubscriptionLog.NotifyFailed(_logger, ex, Sip.Messages.SipFailure.Sanitize(s.Entity), Sip.Messages.SipFailure.Sanitize(s.Dialog.CallId));
            }
        }

        Interlocked.Add(ref _notified, notified);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            SubscriptionLog.FannedOut(_logger, Sip.Messages.SipFailure.Sanitize(contactKey), notified);
        }
    }
}
