using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using PresenceAgent.Access;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// A SUBSCRIBE that creates a subscription. It is first authenticated when configured (401 with a challenge, see
/// <see cref="RequestAuthentication"/>) and admitted (503 with Retry-After while stopping, past its source's fetch rate,
/// or when its source, watcher or the table is full), so a flood costs no parsing and no rule runs; then, in the order of reference §1.1: the common checks (<see cref="SubscribeChecks"/>), presentity (404; for
/// a list, 421 without eventlist and 413 past the size limit), Expires (423), Contact (400), what the subscription
/// would keep (413/513); then 200 and the immediate, complete NOTIFY. A list is a configured list alias or a Lync batch
/// (RFC 4662; [MS-SIP] §3.3.4.1).
/// </summary>
internal sealed class InitialSubscribe
{
    /// <summary>Retry-After past a subscription limit: subscriptions end on a scale of minutes, a sooner retry meets the same limit.</summary>
    internal const int LimitRetryAfterSeconds = 60;

    /// <summary>Retry-After while stopping: a restart takes seconds, so watchers come back soon after one.</summary>
    internal const int StoppingRetryAfterSeconds = 10;

    private const int MaxSharedEntities = 10_000;

    private readonly RunningConfiguration _running;
    private readonly SubscriptionTable _table;
    private readonly Notifier _notifier;
    private readonly SubscriptionOptions _options;
    private readonly TimeProvider _time;
    private readonly SubscribeReplies _replies;
    private readonly FetchRateLimiter _fetches;
    private readonly RequestAuthentication _authentication;
    private readonly ConcurrentDictionary<string, string> _entities = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _stopping;

    public InitialSubscribe(RunningConfiguration running, SubscriptionTable table, Notifier notifier,
        SubscriptionOptions options, TimeProvider time, SubscribeReplies replies, FetchRateLimiter fetches, RequestAuthentication authentication)
    {
        _authentication = authentication;
        _running = running;
        _table = table;
        _notifier = notifier;
        _options = options;
        _time = time;
        _replies = replies;
        _fetches = fetches;
    }

    /// <summary>From now on new SUBSCRIBEs get 503 with Retry-After.</summary>
    public void StopAdmitting() => _stopping = true;

    public async ValueTask HandleAsync(IncomingRequest incoming)
    {
        var request = incoming.Request;
        if (_stopping)
        {
            var busy = incoming.CreateResponse(503, "Service Unavailable (shutting down)");
            busy.Headers.Add(HeaderKind.RetryAfter, StoppingRetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
            await _replies.RefuseAsync(incoming, busy, "stopping").ConfigureAwait(false);
            return;
        }

        // Before the fetch rate takes a token: a challenged watcher comes back with its credentials, and that request counts.
        if (!_authentication.TryAuthenticate(incoming, out var identity, out var challenge))
        {
            await _replies.RefuseAsync(incoming, challenge, "not authenticated").ConfigureAwait(false);
            return;
        }

        // A trusted peer (Sip:TrustedPeers, a Front End pool relaying many users) has no per-source limit and no fetch
        // rate here; the stack's trusted rate limit still applies, and so do the per-watcher and total limits.
        var trusted = incoming.IsTrustedPeer;
        var source = SourceKey.Of(incoming.Flow.RemoteEndPoint.Address);
        // The watcher as the per-watcher limit counts it: user@host with the user unescaped (compared ignoring case, so
        // respelling it counts the same), another scheme's URI whole; read from the From's bytes, shared per watcher.
        var watcher = WatcherAddresses.Of(request);
        var fetch = request.Expires is 0;
        if (fetch && !trusted && !_fetches.TryAcquire(source, out var wait))
        {
            await _replies.RefuseByLimitAsync(incoming, SubscriptionLimit.FetchRatePerSource, source, watcher, 503, (int)Math.Ceiling(wait.TotalSeconds))
                .ConfigureAwait(false);
            return;
        }

        var watcherKey = WatcherKey.Of(watcher);
        if (!fetch && _table.Check(source, trusted, watcherKey) is not SubscriptionLimit.None and var full)
        {
            await _replies.RefuseByLimitAsync(incoming, full, source, watcher, 503, LimitRetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        if (!SubscribeChecks.TryCheckCommon(incoming, out var refusal, out var format, out var categories, out var batch))
        {
            await _replies.RefuseAsync(incoming, refusal!, "refused").ConfigureAwait(false);
            return;
        }

        // A configured list alias, else a Lync batch, else one contact, all in the one configuration read here. The batch
        // is resolved only once every cheap check has passed: each of its resources may run the routing rules.
        var config = _running.Current;
        var resolved = batch is null ? Resolve(config, request) : null;
        var list = resolved is null ? config.Lists.Find(request.RequestUri) : resolved.List;
        var batched = list is null && batch is not null && SubscribeChecks.IsBatch(batch, request.RequestUri);
        var contact = resolved is null ? (list is null && !batched ? config.Contacts.Resolve(request.RequestUri) : null) : resolved.Contact;
        if (list is not null || batched)
        {
            if (!SubscribeChecks.TryCheckList(incoming, batched ? batch!.Resources.Count : 0, _options, out refusal))
            {
                await _replies.RefuseAsync(incoming, refusal!, "list refused").ConfigureAwait(false);
                return;
            }
        }
        else if (contact is null)
        {
            await _replies.RefuseAsync(incoming, incoming.CreateResponse(404, "Not Found (no such conference alias)"), "unknown alias")
                .ConfigureAwait(false);
            return;
        }

        if (!SubscribeChecks.TryGrantExpires(incoming, _options, out var granted, out refusal))
        {
            await _replies.RefuseAsync(incoming, refusal!, "interval too brief").ConfigureAwait(false);
            return;
        }

        var localTag = NewTag();
        if (!Dialog.TryCreateUas(incoming, localTag, (uint)Random.Shared.Next(1, 1 << 20), out var dialog, out var error))
        {
            await _replies.RefuseAsync(incoming, incoming.CreateResponse(400, $"Bad Request ({error})"), error).ConfigureAwait(false);
            return;
        }

        // What the subscription would keep of the peer's text; a batch is measured before its resources are resolved.
        var kept = SubscriptionFootprint.OfRequest(request, resolved?.UriBytes);
        if (kept + (batched ? SubscriptionFootprint.OfBatch(batch!) : 0) > _options.MaxBytesPerSubscription)
        {
            // RFC 3261 §21.4.11: 413 when the body (the batch) is what is too large; §21.5.9: 513 when the message
            // itself is. Neither is temporary, so no 503: a retry would be refused again.
            await _replies.RefuseByLimitAsync(incoming, SubscriptionLimit.MaxBytesPerSubscription, source, watcher,
                kept > _options.MaxBytesPerSubscription ? 513 : 413, retryAfterSeconds: null).ConfigureAwait(false);
            return;
        }

        // RFC 3261 §20.3: the languages the watcher prefers for reason phrases, notes and the like; ours are few, so
        // the choice is one of them, kept for the subscription's life.
        var language = request.Headers.Contains(HeaderKind.AcceptLanguage) ? config.Languages.Negotiate(request.Headers.GetValues(HeaderKind.AcceptLanguage)) : null;
        var identified = WatcherIdentity.Of(incoming, identity, watcher);
        var known = identified.Proof is WatcherProof.Digest or WatcherProof.Asserted ? identified.Address : null;
        Subscription subscription;
        if (contact is not null)
        {
            subscription = new ContactSubscription(dialog, SharedEvent(request), contact, resolved?.Entity ?? EntityOf(request.RequestUri, contact),
                incoming.Flow, ExpiryTicks(granted), format, categories)
            {
                Source = source,
                WatcherKey = watcherKey,
                Language = language,
                Identity = known,
                Proof = identified.Proof,
            };
        }
        else
        {
            list ??= config.Lists.ForBatch(request.RequestUri, batch!.Resources);
            subscription = new ListSubscription(dialog, SharedEvent(request), list, incoming.Flow, ExpiryTicks(granted), format, categories)
            {
                Source = source,
                WatcherKey = watcherKey,
                Language = language,
                Identity = known,
                Proof = identified.Proof,
            };
            _replies.LogList(incoming, list);
        }

        // Polite blocking: a blocked watcher is accepted like any other and sees the contact Offline (reference §3.3).
        _replies.LogAccess(incoming, identified, subscription, subscription.Assess(config.Access, identified));

        // Checked again as the subscription is counted in: SUBSCRIBEs from one source may have raced past the check above.
        if (granted > 0 && !_table.TryAdd(subscription, out var refusedBy) && refusedBy != SubscriptionLimit.None)
        {
            await _replies.RefuseByLimitAsync(incoming, refusedBy, source, watcher, 503, LimitRetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        if (granted > 0 && !ReferenceEquals(config, _running.Current) && Follow(subscription, config) == ContactChange.Gone)
        {
            await _replies.RefuseAsync(incoming, incoming.CreateResponse(404, "Not Found (no such conference alias)"), "unknown alias")
                .ConfigureAwait(false);
            return;
        }

        await _replies.AcceptAsync(incoming, localTag, granted, subscription).ConfigureAwait(false);
        _replies.Log(incoming, 200, granted > 0 ? "subscribed" : "fetched", subscription);

        // RFC 6665 §4.2.1.2: the NOTIFY follows the 200 at once, with the full state (over UDP perhaps after a probe
        // the watcher must answer first: see Notify); a fetch (Expires: 0) gets it as the final, terminated NOTIFY (§4.4.3).
        _notifier.Notify(subscription, granted > 0 ? SubscriptionStatus.Active : SubscriptionStatus.Terminated(TerminationReason.Timeout), initial: true);
    }

    /// <summary>
    /// A reload put another configuration in force while this SUBSCRIBE was resolved in <paramref name="resolvedIn"/>:
    /// the reload may have gone over the table before the subscription was in it, so the subscription follows to what
    /// its alias names now itself (as the reload would have had it), and one whose alias names nothing any more is
    /// taken out again, to be answered 404 as if it had come a moment later. Following twice changes nothing.
    /// </summary>
    private ContactChange Follow(Subscription subscription, ConfigurationSnapshot resolvedIn)
    {
        var now = _running.Current;
        var change = _table.Follow(subscription, new DialPlanDiff(resolvedIn, now));
        subscription.Assess(now.Access, subscription.Watcher());
        if (change == ContactChange.Gone)
        {
            lock (subscription)
            {
                subscription.Ended = true;
            }

            _table.Remove(subscription);
        }

        return change;
    }

    /// <summary>
    /// What the Request-URI of a SUBSCRIBE without a batch names in <paramref name="config"/>, from the snapshot's cache
    /// by its bytes, else resolved (once: the routing rules count and log each match) and offered to it;
    /// <see cref="ResolvedUri.Nothing"/> when it names nothing.
    /// </summary>
    private ResolvedUri Resolve(ConfigurationSnapshot config, SipRequest request)
    {
        if (config.RequestUris.TryGet(request.RequestUriBytes, out var known))
        {
            return known;
        }

        var uri = request.RequestUri;
        var list = config.Lists.Find(uri);
        var contact = list is null ? config.Contacts.Resolve(uri) : null;
        if (list is null && contact is null)
        {
            return ResolvedUri.Nothing;
        }

        var resolved = new ResolvedUri(list, contact, contact is null ? null : EntityOf(uri, contact), SubscriptionFootprint.OfUri(uri));
        config.RequestUris.Add(request.RequestUriBytes, resolved);
        return resolved;
    }

    private long ExpiryTicks(long seconds) => _time.GetUtcNow().UtcTicks + (seconds * TimeSpan.TicksPerSecond);

    /// <summary>
    /// The presentity as a bare URI: scheme, user and host, no parameters (reference §4.2), in its canonical spelling
    /// (<see cref="PresentityUri"/>). A service's entities are few (its aliases in each served domain), so
    /// subscriptions to one share the string: the pool compares ignoring case and hands out its string only to the
    /// same spelling, so it holds one per alias as addressed, whatever case variants watchers send; the cap bounds it
    /// even for a configuration with very many aliases.
    /// </summary>
    private string EntityOf(SipUri uri, Contact contact)
    {
        var entity = PresentityUri.Canonical(ContactDirectory.BareUri(uri));
        if (contact.Kind == ContactKind.Gateway)
        {
            return entity;
        }

        var shared = _entities.TryGetValue(entity, out var pooled) ? pooled
            : _entities.Count < MaxSharedEntities ? _entities.GetOrAdd(entity, entity)
            : entity;
        return string.Equals(shared, entity, StringComparison.Ordinal) ? shared : entity;
    }

    /// <summary>Nearly every watcher sends exactly <c>Event: presence</c>; keep one copy of it.</summary>
    private static string SharedEvent(SipRequest request) =>
        SubscribeChecks.RawEvent(request).SequenceEqual("presence"u8) || string.Equals(request.Event, SubscribeChecks.PresencePackage, StringComparison.Ordinal)
            ? SubscribeChecks.PresencePackage
            : request.Event!;

    // The To tag is half of what an in-dialog SUBSCRIBE must guess to end someone else's subscription, so it comes
    // from the cryptographic generator; drawn a block at a time, since each call into it takes its locks.
    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_randomUsed;

    private static string NewTag()
    {
        const int TagBytes = 8;
        if (t_random is not { } block || t_randomUsed + TagBytes > block.Length)
        {
            t_random = block = t_random ?? new byte[512];
            RandomNumberGenerator.Fill(block);
            t_randomUsed = 0;
        }

        var tag = Convert.ToHexStringLower(block.AsSpan(t_randomUsed, TagBytes));
        t_randomUsed += TagBytes;
        return tag;
    }
}
