using System.Collections.Concurrent;
using PresenceAgent.Sip.Dialogs;

namespace PresenceAgent.Subscriptions;

/// <summary>Live subscriptions by dialog.</summary>
internal sealed class SubscriptionTable
{
    private readonly ConcurrentDictionary<DialogId, Subscription> _byDialog = new();

    public int Count => _byDialog.Count;

    public bool TryAdd(Subscription s) => _byDialog.TryAdd(s.Dialog.Id, s);

    public bool TryGet(DialogId id, out Subscription subscription) => _byDialog.TryGetValue(id, out subscription!);

    public bool Remove(Subscription s) => _byDialog.TryRemove(new KeyValuePair<DialogId, Subscription>(s.Dialog.Id, s));

    public IEnumerable<Subscription> Snapshot() => _byDialog.Values;
}
