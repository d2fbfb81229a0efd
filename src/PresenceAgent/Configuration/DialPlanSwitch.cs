using PresenceAgent.Access;
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
/// alias's last matching rule is gone. Each watcher's access level is looked up again, and one whose view changed is
/// told on its own. Live presence, occupancy and publications keep what they hold for the contacts that still exist,
/// in the new states.
/// </summary>
internal sealed class DialPlanSwitch(RunningConfiguration running, SubscriptionTable table, Notifier notifier, PresenceFanOut fanOut,
    LivePresence live, OccupancyTracker occupancy, PublicationStore publications, PresenceBodies bodies, ILogger<DialPlanSwitch> logger)
{
    /// <summary>The reason live presence gives a transition a reload makes.</summary>
    public const string Reason = "the configuration was reloaded";

    /// <returns>What changed, the subscriptions notified, and those ended.</returns>
    public (DialPlanDiff Diff, int Notified, int Terminated) Apply(ConfigurationSnapshot next)
    {
        var previous = running.Swap(next);
        var diff = new DialPlanDiff(previous, next);
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lists = new HashSet<ListSubscription>();
        var gone = new List<Subscription>();
        var seeOtherwise = new List<ContactSubscription>();
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
                    continue;
            }

            if (Reassess(s, previous.Access, next.Access))
            {
                if (s is ListSubscription list)
                {
                    lists.Add(list);
                }
                else
                {
                    seeOtherwise.Add((ContactSubscription)s);
                }
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
        var notified = changed.Sum(key => table.WatchersOf(key).Count(s => s is not ContactSubscription { Level: AccessLevel.Blocked }));
        fanOut.Refresh(changed);

        // A watcher whose level now shows another document, of a contact that did not change (else the fan-out tells it,
        // unless it is now blocked: the fan-out passes blocked watchers by).
        foreach (var s in seeOtherwise.Where(s => !changed.Contains(s.Contact.Key) || s.Level == AccessLevel.Blocked))
        {
            notifier.Notify(s, SubscriptionStatus.Active);
            notified++;
        }

        foreach (var list in lists.Where(l => !l.List.Resources.Any(r => r.Contact is { } c && changed.Contains(c.Key))))
        {
            notifier.Notify(list, SubscriptionStatus.Active);
            notified++;
        }

        bodies.Forget(contact => !next.Contacts.Holds(contact));
        return (diff, notified, gone.Count);
    }

    /// <summary>Looks the watcher's level up in the new policy, logging a change; true when the watcher now sees another document.</summary>
    private bool Reassess(Subscription s, AccessPolicy before, AccessPolicy now)
    {
        var was = s.Level;
        var (decision, owed) = s.Reassess(before, now);
        if (decision.Level != was && logger.IsEnabled(LogLevel.Information))
        {
            AccessLog.Changed(logger, Sip.Messages.SipFailure.Sanitize(s.Watcher().Address), Sip.Messages.SipFailure.Sanitize(s.Entity),
                Sip.Messages.SipFailure.Sanitize(s.Dialog.CallId), decision.Level, decision.Rule, was);
        }

        return owed;
    }
}
