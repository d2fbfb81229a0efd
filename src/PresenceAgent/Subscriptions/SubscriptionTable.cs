using System.Collections.Concurrent;
using PresenceAgent.Sip.Dialogs;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// Live subscriptions by dialog and by expiry. A subscription leaves both at once, so the table never holds an ended
/// subscription alive.
/// </summary>
internal sealed class SubscriptionTable : IDisposable
{
    private readonly ConcurrentDictionary<DialogId, Subscription> _byDialog = new();
    private readonly ExpiryScheduler _expiry;

    public SubscriptionTable(TimeProvider time) => _expiry = new ExpiryScheduler(time, s => Expired?.Invoke(s));

    /// <summary>Raised on the timer's thread when a subscription's expiry time has come; it is still in the table.</summary>
    public event Action<Subscription>? Expired;

    public int Count => _byDialog.Count;

    /// <summary>Subscriptions waiting for their expiry; equals <see cref="Count"/> unless one is being added or removed.</summary>
    public int ScheduledCount => _expiry.Count;

    /// <summary>Adds a subscription, to expire at its <see cref="Subscription.ExpiresAtTicks"/>.</summary>
    public bool TryAdd(Subscription s)
    {
        if (!_byDialog.TryAdd(s.Dialog.Id, s))
        {
            return false;
        }

        _expiry.Schedule(s, s.ExpiresAtTicks);
        return true;
    }

    /// <summary>Moves the expiry of a refreshed subscription to <paramref name="dueTicks"/>.</summary>
    public void Reschedule(Subscription s, long dueTicks) => _expiry.Schedule(s, dueTicks);

    public bool TryGet(DialogId id, out Subscription subscription) => _byDialog.TryGetValue(id, out subscription!);

    /// <summary>Removes an ended subscription (<see cref="Subscription.Ended"/> already set) from the table and its expiry.</summary>
    public bool Remove(Subscription s)
    {
        _expiry.Cancel(s);
        return _byDialog.TryRemove(new KeyValuePair<DialogId, Subscription>(s.Dialog.Id, s));
    }

    public IEnumerable<Subscription> Snapshot() => _byDialog.Values;

    public void Dispose() => _expiry.Dispose();
}
