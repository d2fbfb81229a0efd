using PresenceAgent.Categories;
using PresenceAgent.Contacts;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// One presence subscription: its dialog, what it watches, when it expires, and the notifier's per-subscription
/// state. Mutable fields are guarded by locking the instance.
/// </summary>
internal sealed class Subscription
{
    public Subscription(Dialog dialog, string eventHeader, Contact contact, string entity, SipFlow? flow, long expiresAtTicks,
        DocumentFormat format = DocumentFormat.Pidf, CategorySet categories = CategorySet.All)
    {
        Format = format;
        Categories = categories;
        Dialog = dialog;
        EventHeader = eventHeader;
        Contact = contact;
        Entity = entity;
        Flow = flow;
        ExpiresAtTicks = expiresAtTicks;
    }

    public Dialog Dialog { get; }

    /// <summary>The Event header as received, echoed in every NOTIFY with any id parameter (RFC 6665 §8.2.1).</summary>
    public string EventHeader { get; }

    public Contact Contact { get; }

    /// <summary>The document format chosen from the SUBSCRIBE's Accept, kept for the subscription's life.</summary>
    public DocumentFormat Format { get; }

    /// <summary>The categories a Lync watcher asked for (its batchSub categoryList); all when it named none.</summary>
    public CategorySet Categories { get; }

    /// <summary>The URI the watcher subscribed to; the presence document's entity.</summary>
    public string Entity { get; }

    /// <summary>The flow the last SUBSCRIBE came on: NOTIFYs prefer its connection while open, and take our Contact from its listener.</summary>
    public SipFlow? Flow { get; set; }

    /// <summary>UTC ticks at which the subscription ends unless refreshed.</summary>
    public long ExpiresAtTicks { get; set; }

    /// <summary>A terminated NOTIFY has been queued: nothing more is sent and the table no longer holds it.</summary>
    public bool Ended { get; set; }

    /// <summary>A NOTIFY transaction is outstanding (at most one per subscription).</summary>
    public bool Sending { get; set; }

    /// <summary>The newest state waiting for the outstanding NOTIFY to finish; replaces any older one.</summary>
    public SubscriptionStatus? Pending { get; set; }

    /// <summary>Its slot in the <see cref="ExpiryScheduler"/>'s heap, -1 when not scheduled; owned by the scheduler.</summary>
    public int ExpirySlot { get; set; } = -1;
}
