using System.Collections.Concurrent;
using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// Live subscriptions by dialog and by expiry, counted per source and per watcher against their limits. A
/// subscription leaves all of them at once, so the table never holds an ended subscription alive.
/// </summary>
internal sealed class SubscriptionTable : IDisposable
{
    // Keyed by Call-ID and our tag: our tag is 64 random bits, unique among our dialogs, so the remote tag (which the
    // dialog can read from its To) is checked on lookup rather than held a second time in every key.
    // A fixed number of locks: by default the lock array doubles with the table, which leaves each lock so few entries
    // that chance alone (one lock over its share) doubles the buckets again, 1.25 MB more at 50 000 subscriptions.
    private readonly ConcurrentDictionary<(string CallId, string LocalTag), Subscription> _byDialog =
        new(concurrencyLevel: 4 * Environment.ProcessorCount, capacity: 31, DialogKeyComparer.Instance);
    private readonly ExpiryScheduler _expiry;
    private readonly SubscriptionCounts _counts;
    private readonly ContactIndex _index = new();
    private readonly ILogger _logger;
    private readonly PeerLogSampler _sampler;

    public SubscriptionTable(TimeProvider time, SubscriptionOptions? options = null, ILogger<SubscriptionTable>? logger = null,
        PeerLogSampler? sampler = null)
    {
        _expiry = new ExpiryScheduler(time, s => Expired?.Invoke(s), OnExpiryFault);
        _counts = new SubscriptionCounts(options ?? new SubscriptionOptions());
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _sampler = sampler ?? new PeerLogSampler(time);
    }

    /// <summary>
    /// Raised on the timer's thread when a subscription's expiry time has come; it is still in the table. A handler
    /// that throws is logged and its subscription dropped; the others due still expire.
    /// </summary>
    public event Action<Subscription>? Expired;

    public int Count => _byDialog.Count;

    /// <summary>Subscriptions waiting for their expiry; equals <see cref="Count"/> unless one is being added or removed.</summary>
    public int ScheduledCount => _expiry.Count;

    /// <summary>The limit one more subscription from <paramref name="source"/> for <paramref name="watcher"/> would pass; None when it fits.</summary>
    public SubscriptionLimit Check(SourceKey source, bool trustedSource, ulong watcher) => _counts.Check(source, trustedSource, watcher);

    /// <summary>
    /// Adds a subscription, counted against the limits of its <see cref="Subscription.Source"/> and
    /// <see cref="Subscription.WatcherKey"/>, to expire at its <see cref="Subscription.ExpiresAtTicks"/>. False with the
    /// limit reached, or with <see cref="SubscriptionLimit.None"/> when its dialog is in the table already.
    /// </summary>
    public bool TryAdd(Subscription s, out SubscriptionLimit refusedBy)
    {
        refusedBy = _counts.TryTake(s.Source, s.Dialog.PeerTrusted, s.WatcherKey);
        if (refusedBy != SubscriptionLimit.None)
        {
            return false;
        }

        if (!_byDialog.TryAdd((s.Dialog.CallId, s.Dialog.LocalTag), s))
        {
            _counts.Release(s.Source, s.WatcherKey);
            return false;
        }

        _index.Add(s);
        _expiry.Schedule(s, s.ExpiresAtTicks);
        return true;
    }

    /// <summary>Moves the expiry of a refreshed subscription to <paramref name="dueTicks"/>.</summary>
    public void Reschedule(Subscription s, long dueTicks) => _expiry.Schedule(s, dueTicks);

    public bool TryGet(DialogId id, out Subscription subscription) =>
        _byDialog.TryGetValue((id.CallId, id.LocalTag), out subscription!) && subscription.Dialog.RemoteTagEquals(id.RemoteTag);

    /// <summary>
    /// The subscription whose dialog <paramref name="request"/> is in, our tag being <paramref name="localTag"/> (its To
    /// tag): found by the Call-ID's bytes and compared with the From tag's, so an in-dialog SUBSCRIBE makes neither string.
    /// </summary>
    public bool TryGet(SipRequest request, string localTag, out Subscription subscription)
    {
        var found = DialogKeyComparer.TryReadCallId(request, stackalloc char[DialogKeyComparer.MaxCallIdChars], out var callId)
            ? _byDialog.GetAlternateLookup<DialogKeyChars>().TryGetValue(new DialogKeyChars(callId, localTag), out subscription!)
            : _byDialog.TryGetValue((request.CallId ?? "", localTag), out subscription!);
        return found && subscription.Dialog.RemoteTagMatches(request);
    }

    /// <summary>Removes an ended subscription (<see cref="Subscription.Ended"/> already set) from the table, its expiry and the counts.</summary>
    public bool Remove(Subscription s)
    {
        _expiry.Cancel(s);
        if (!_byDialog.TryRemove(new KeyValuePair<(string, string), Subscription>((s.Dialog.CallId, s.Dialog.LocalTag), s)))
        {
            return false;
        }

        _index.Remove(s);
        _counts.Release(s.Source, s.WatcherKey);
        return true;
    }

    public IEnumerable<Subscription> Snapshot() => _byDialog.Values;

    /// <summary>
    /// Points a live subscription at what its alias or list names in <paramref name="diff"/>'s new configuration,
    /// moving it in the index by contact when it then watches other keys. Under the subscription's lock, so one ending
    /// meanwhile is left alone (<see cref="ContactChange.Same"/>); a gone one is left for the caller to end.
    /// </summary>
    public ContactChange Follow(Subscription s, DialPlanDiff diff)
    {
        lock (s)
        {
            if (s.Ended)
            {
                return ContactChange.Same;
            }

            ContactChange change;
            if (s is ContactSubscription c)
            {
                change = diff.ForContact(c.Entity, c.Contact, out var contact);
                if (change is ContactChange.Rebound or ContactChange.Changed)
                {
                    _index.Remove(s);
                    c.Follow(contact!);
                    _index.Add(s);
                }
            }
            else
            {
                var l = (ListSubscription)s;
                change = diff.ForList(l.List, out var list);
                if (change is ContactChange.Rebound or ContactChange.Changed)
                {
                    _index.Remove(s);
                    l.Follow(list!);
                    _index.Add(s);
                }
            }

            return change;
        }
    }

    /// <summary>The live subscriptions, read without locks or a copy (metrics); one added or removed meanwhile may be missed or seen.</summary>
    public IEnumerable<Subscription> Live => _byDialog.Select(static p => p.Value);

    /// <summary>The live subscriptions watching the contact with this key, lists included.</summary>
    public Subscription[] WatchersOf(string contactKey) => _index.WatchersOf(contactKey);

    /// <summary>How many live subscriptions watch the contact with this key, lists included.</summary>
    public int WatcherCount(string contactKey) => _index.CountOf(contactKey);

    /// <summary>Every watched contact's key with its number of watchers, lists included; in no order.</summary>
    public List<KeyValuePair<string, int>> WatcherCounts() => _index.Counts();

    /// <summary>Contacts with at least one watcher.</summary>
    public int WatchedContacts => _index.Count;

    /// <summary>
    /// The keys of the contacts with at least one watcher, lists' resources included: the only way to reach gateway
    /// contacts, which exist only while watched.
    /// </summary>
    public string[] WatchedContactKeys() => _index.Keys();

    /// <summary>Our own fault while expiring <paramref name="s"/>: logged, and the subscription dropped so it holds nothing.</summary>
    private void OnExpiryFault(Subscription s, Exception exception)
    {
        if (_sampler.ShouldLog(SubscriptionLog.ExpiryFailedId, exception.GetType().FullName!, out var suppressed))
        {
            SubscriptionLog.ExpiryFailed(_logger, exception, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.CallId), suppressed);
        }

        lock (s)
        {
            s.Ended = true;
            s.Pending = null;
        }

        Remove(s);
    }

    public void Dispose() => _expiry.Dispose();
}
