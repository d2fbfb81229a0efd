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

    public Contact Contact { get; }

    public override (string ContentType, ReadOnlyMemory<byte> Body) NextBody(PresenceBodies bodies, TerminationReason? ended) =>
        bodies.For(Contact, Entity, Format, Categories, Language);
}
