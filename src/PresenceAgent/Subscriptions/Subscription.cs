using PresenceAgent.Access;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// One presence subscription: its dialog, when it expires, and the notifier's per-subscription state; what it watches
/// is the subclass's: one contact (<see cref="ContactSubscription"/>) or a list (<see cref="ListSubscription"/>), so a
/// per-contact subscription, by far the most numerous, carries no list fields. Mutable fields are guarded by locking
/// the instance.
/// </summary>
internal abstract class Subscription
{
    // Ended, Sending and the watcher's proof share one byte, so the access level fits in the object without growing it:
    // 160 bytes on x64 with it as without (the memory target is per subscription).
    private const byte EndedBit = 1;
    private const byte SendingBit = 2;
    private const int ProofShift = 2;

    private long _stateChangedAt;
    private byte _flags;

    protected Subscription(Dialog dialog, string eventHeader, string entity, SipFlow? flow, long expiresAtTicks,
        DocumentFormat format, CategorySet categories)
    {
        Format = format;
        Categories = categories;
        Dialog = dialog;
        EventHeader = eventHeader;
        Entity = entity;
        Flow = flow;
        ExpiresAtTicks = expiresAtTicks;
    }

    public Dialog Dialog { get; }

    /// <summary>The Event header as received, echoed in every NOTIFY with any id parameter (RFC 6665 §8.2.1).</summary>
    public string EventHeader { get; }

    /// <summary>The document format chosen from the SUBSCRIBE's Accept, kept for the subscription's life.</summary>
    public DocumentFormat Format { get; }

    /// <summary>The categories a Lync watcher asked for (its batchSub categoryList); all when it named none.</summary>
    public CategorySet Categories { get; }

    /// <summary>The language of the watcher's Accept-Language that PIDF notes are written in, chosen once at subscribe time.</summary>
    public PresenceLanguage? Language { get; init; }

    /// <summary>The URI the watcher subscribed to: the presence document's entity, or the list's URI.</summary>
    public string Entity { get; }

    /// <summary>The source of the dialog-creating SUBSCRIBE: the per-source limit counts the subscription there for its life.</summary>
    public SourceKey Source { get; init; }

    /// <summary>
    /// Who the dialog-creating SUBSCRIBE proved to come from by digest authentication (a configured user's address of
    /// record, or user@realm); null when it was not challenged (authentication off, or a trusted peer).
    /// </summary>
    public string? AuthenticatedIdentity => Proof == WatcherProof.Digest ? Identity : null;

    /// <summary>
    /// The identity digest authentication proved (one string per configured user, shared by all its subscriptions) or a
    /// trusted peer asserted; null when the watcher is known by its From.
    /// </summary>
    public string? Identity { get; init; }

    /// <summary>How the watcher's identity is known: a reload looks its level up again from it.</summary>
    public WatcherProof Proof
    {
        get => (WatcherProof)(_flags >> ProofShift);
        init => _flags = (byte)((_flags & (EndedBit | SendingBit)) | ((int)value << ProofShift));
    }

    /// <summary>
    /// What the watcher may see (<see cref="AccessPolicy.Decide"/>), from the SUBSCRIBE that made the subscription and
    /// every reload since. Everything until then: subscribe and reload always set it.
    /// </summary>
    public AccessLevel Level { get; set; } = AccessLevel.Personal;

    /// <summary>The watcher as the per-watcher limit counts it (<see cref="Subscriptions.WatcherKey"/>).</summary>
    public ulong WatcherKey { get; init; }

    /// <summary>The flow the last SUBSCRIBE came on: NOTIFYs prefer its connection while open, and take our Contact from its listener.</summary>
    public SipFlow? Flow { get; set; }

    /// <summary>UTC ticks at which the subscription ends unless refreshed.</summary>
    public long ExpiresAtTicks { get; set; }

    /// <summary>A terminated NOTIFY has been queued: nothing more is sent and the table no longer holds it.</summary>
    public bool Ended
    {
        get => (_flags & EndedBit) != 0;
        set => _flags = (byte)(value ? _flags | EndedBit : _flags & ~EndedBit);
    }

    /// <summary>A NOTIFY transaction is outstanding (at most one per subscription).</summary>
    public bool Sending
    {
        get => (_flags & SendingBit) != 0;
        set => _flags = (byte)(value ? _flags | SendingBit : _flags & ~SendingBit);
    }

    /// <summary>The newest state waiting for the outstanding NOTIFY to finish; replaces any older one.</summary>
    public SubscriptionStatus? Pending { get; set; }

    /// <summary>Its slot in the <see cref="ExpiryScheduler"/>'s heap, -1 when not scheduled; owned by the scheduler.</summary>
    public int ExpirySlot { get; set; } = -1;

    /// <summary>
    /// A presence change this subscription watches happened at <paramref name="timestamp"/> (<see cref="System.Diagnostics.Stopwatch"/>
    /// ticks); the oldest one not yet sent is kept, for the delay metric of the NOTIFY that brings the watcher up to date.
    /// </summary>
    public void StateChanged(long timestamp) => Interlocked.CompareExchange(ref _stateChangedAt, timestamp, 0);

    /// <summary>The timestamp <see cref="StateChanged"/> kept, or 0; cleared, so one change is measured once.</summary>
    public long TakeStateChange() => Interlocked.Exchange(ref _stateChangedAt, 0);

    /// <summary>The watcher as its SUBSCRIBE named it: <see cref="Identity"/>, else the From the dialog keeps.</summary>
    public WatcherIdentity Watcher()
    {
        var from = NameAddress.TryParse(Dialog.RemoteHeader, out var remote) ? WatcherIdentity.AddressOf(remote.Uri) : "";
        return new WatcherIdentity(Identity ?? from, from, Proof);
    }

    /// <summary>Sets the watcher's level(s) for what the subscription watches; returns the decision for its URI.</summary>
    public abstract AccessDecision Assess(AccessPolicy policy, WatcherIdentity watcher);

    /// <summary>
    /// Looks the watcher's level(s) up again in <paramref name="now"/> (a reload); Owed when what it sees differs from
    /// what <paramref name="before"/> showed it, so it is owed a NOTIFY.
    /// </summary>
    public abstract (AccessDecision Decision, bool Owed) Reassess(AccessPolicy before, AccessPolicy now);

    /// <summary>
    /// The body of the next NOTIFY; <paramref name="ended"/> is set when that NOTIFY ends the subscription. Called for
    /// one NOTIFY at a time (the notifier never has two in flight).
    /// </summary>
    public abstract (string ContentType, ReadOnlyMemory<byte> Body) NextBody(PresenceBodies bodies, TerminationReason? ended);
}
