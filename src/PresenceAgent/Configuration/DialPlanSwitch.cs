using PresenceAgent.Directory;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.Publications;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Configuration;

/// <summary>
/// Puts a new configuration snapshot in force in one step and brings everything that holds a contact or a state up to
/// it. New SUBSCRIBEs see it at once. Each live subscription follows to what its alias or list names now; its watcher
/// gets a NOTIFY only when its document reads otherwise (the contacts' through <see cref="PresenceFanOut.Refresh"/>,
/// a list's own changes directly), and <c>terminated;reason=noresource</c> when the alias, the list or a gateway
/// alias's last matching rule is gone. Live presence, occupancy and publications keep what they hold for the contacts
/// that still exist, in the new states.
/// </summary>
internal sealed class DialPlanSwitch(RunningConfiguration running, SubscriptionTable table, Notifier notifier, PresenceFanOut fanOut,
    LivePresence live, OccupancyTracker occupancy, PublicationStore publications, PresenceBodies bodies)
{
    /// <summary>The reason live presence gives a transition a reload makes.</summary>
    public const string Reason = "the configuration was reloaded";

    /// <returns>What changed, the subscriptions notified, and those ended.</returns>
    public (DialPlanDiff Diff, int Notified, int Terminated) Apply(ConfigurationSnapshot next)
    {
        var diff = new DialPlanDiff(running.Swap(next), next);
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lists = new List<ListSubscription>();
        var gone = new List<Subscription>();
        foreach (var s in table.Snapshot())
        {
            switch (table.Follow(s, diff))
            {
                case ContactChange.Changed when s is ContactSubscription c:
                    changed.Add(c.Contact.Key);
                    break;
                case ContactChange.Changed:
                    lists.Add((ListSubscription)s);
                    break;
                case ContactChange.Gone:
                    gone.Add(s);
                    break;
            }
        }

        changed.UnionWith(live.Reconfigure(next.States, next.Grace, next.Contacts.Follow, Reason));
        occupancy.Reconfigure(next.Occupancy, next.Contacts.FindService, Reason);
        publications.Reconfigure(next.Contacts.FindService, next.States.Successor);

        // Ended first: a terminated NOTIFY takes the subscription out of the table and its index at once, so the
        // fan-out below cannot send it a last active one too.
        foreach (var s in gone)
        {
            notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.NoResource));
        }

        // A list whose member changed hears of it with that member's watchers; only one changed in itself (its name,
        // its members, a member only lists watch) is told here, so nobody gets the same document twice.
        var notified = changed.Sum(key => table.WatchersOf(key).Length);
        fanOut.Refresh(changed);
        foreach (var list in lists.Where(l => !l.List.Resources.Any(r => r.Contact is { } c && changed.Contains(c.Key))))
        {
            notifier.Notify(list, SubscriptionStatus.Active);
            notified++;
        }

        bodies.Forget(contact => !next.Contacts.Holds(contact));
        return (diff, notified, gone.Count);
    }
}
