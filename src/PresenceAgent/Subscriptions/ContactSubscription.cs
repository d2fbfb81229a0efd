using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Subscriptions;

/// <summary>A subscription to one contact: every NOTIFY carries its document.</summary>
internal sealed class ContactSubscription : Subscription
{
    public ContactSubscription(Dialog dialog, string eventHeader, Contact contact, string entity, SipFlow? flow, long expiresAtTicks,
        DocumentFormat format = DocumentFormat.Pidf, CategorySet categories = CategorySet.All)
        : base(dialog, eventHeader, entity, flow, expiresAtTicks, format, categories)
    {
        Contact = contact;
    }

    /// <summary>What its NOTIFYs show; a configuration reload points it at the contact its alias names then.</summary>
    public Contact Contact { get; private set; }

    /// <summary>Shows <paramref name="now"/> from the next NOTIFY on; the table re-indexes it (<see cref="SubscriptionTable.Follow"/>).</summary>
    internal void Follow(Contact now) => Contact = now;

    public override AccessDecision Assess(AccessPolicy policy, WatcherIdentity watcher)
    {
        var decision = policy.Decide(watcher, Contact.Key);
        Level = decision.Level;
        return decision;
    }

    public override (AccessDecision Decision, bool Owed) Reassess(AccessPolicy before, AccessPolicy now)
    {
        var has = Contact.Attributes;
        var seen = before.ViewOf(Level) & has;
        var decision = Assess(now, Watcher());
        return (decision, (now.ViewOf(decision.Level) & has) != seen);
    }

    public override (string ContentType, ReadOnlyMemory<byte> Body) NextBody(PresenceBodies bodies, TerminationReason? ended) =>
        bodies.For(Contact, Entity, Format, Categories, Level, Language);
}
