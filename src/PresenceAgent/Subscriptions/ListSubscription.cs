using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// A subscription to a list (RFC 4662): a configured list URI, or a Lync batch. Every NOTIFY carries the whole list,
/// RLMI first, then one part per resource we know.
/// </summary>
internal sealed class ListSubscription : Subscription
{
    /// <summary>The option tag of list subscriptions (RFC 4662 §4.1): a watcher that can take their NOTIFYs supports it.</summary>
    public const string OptionTag = "eventlist";

    private uint _version;

    // Each member's service may map watchers its own way: one level per resource of List, set with it.
    private AccessLevel[] _memberLevels = [];

    public ListSubscription(Dialog dialog, string eventHeader, ResourceList list, SipFlow? flow, long expiresAtTicks,
        DocumentFormat format, CategorySet categories)
        : base(dialog, eventHeader, list.Uri, flow, expiresAtTicks, format, categories)
    {
        List = list;
    }

    /// <summary>What its NOTIFYs carry; a configuration reload points it at the list as configured then.</summary>
    public ResourceList List { get; private set; }

    /// <summary>Carries <paramref name="now"/> from the next NOTIFY on; the table re-indexes it (<see cref="SubscriptionTable.Follow"/>).</summary>
    internal void Follow(ResourceList now) => List = now;

    public override (string ContentType, ReadOnlyMemory<byte> Body) NextBody(PresenceBodies bodies, TerminationReason? ended)
    {
        // RFC 4662 §5: 0 in the first NOTIFY, one more in each after it, so the watcher can tell a lost one.
        uint version;
        lock (this)
        {
            version = _version++;
        }

        return bodies.ForList(List, version, ended, Format, Categories, MemberLevel, Language);
    }

    /// <summary>The list's own level (the AccessLevels section's) in <see cref="Subscription.Level"/>, and each member's.</summary>
    public override AccessDecision Assess(AccessPolicy policy, WatcherIdentity watcher)
    {
        // A resource that names nothing has no document to show at any level.
        var levels = List.Resources.Select(r => r.Contact is { } c ? policy.Decide(watcher, c.Key).Level : AccessLevel.Blocked).ToArray();
        var decision = policy.Decide(watcher, contactKey: null);
        lock (this)
        {
            _memberLevels = levels;
            Level = decision.Level;
        }

        return decision;
    }

    public override (AccessDecision Decision, bool Owed) Reassess(AccessPolicy before, AccessPolicy now)
    {
        AccessLevel[] was;
        lock (this)
        {
            was = _memberLevels;
        }

        var decision = Assess(now, Watcher());
        var levels = _memberLevels;
        var resources = List.Resources;
        var owed = levels.Length != was.Length || levels.Where((level, i) => i < resources.Count && resources[i].Contact is { } c &&
            (now.ViewOf(level) & c.Attributes) != (before.ViewOf(was[i]) & c.Attributes)).Any();
        return (decision, owed);
    }

    /// <summary>The level of the list's resource at <paramref name="index"/>; the list's own for one not assessed yet.</summary>
    private AccessLevel MemberLevel(int index)
    {
        var levels = _memberLevels;
        return index < levels.Length ? levels[index] : Level;
    }
}
