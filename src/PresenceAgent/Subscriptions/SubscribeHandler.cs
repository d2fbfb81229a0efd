using System.Globalization;
using System.Security.Cryptography;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// Answers SUBSCRIBE for the presence event package (RFC 6665 §4.2.1, RFC 3856). A new SUBSCRIBE is first admitted
/// (503 with Retry-After while stopping, past its source's fetch rate, or when its source, watcher or the table is
/// full), so a flood costs no parsing and no rule runs; then, in the order of reference §1.1: event package (489),
/// body type (415), Accept (406), presentity (404; for a list, 421 without eventlist and 413 past the size limit),
/// Expires (423), Contact (400), what the subscription would keep (413/513); then 200 and the immediate, complete
/// NOTIFY. In-dialog SUBSCRIBEs need their dialog (481). A list is a configured list alias or a Lync batch (RFC 4662;
/// [MS-SIP] §3.3.4.1).
/// </summary>
internal sealed class SubscribeHandler : ISipRequestHandler, IDisposable
{
    private const string PresencePackage = "presence";

    /// <summary>Retry-After past a subscription limit: subscriptions end on a scale of minutes, a sooner retry meets the same limit.</summary>
    private const int LimitRetryAfterSeconds = 60;

    /// <summary>Retry-After while stopping: a restart takes seconds, so watchers come back soon after one.</summary>
    private const int StoppingRetryAfterSeconds = 10;

    private readonly ContactDirectory _directory;
    private readonly ListDirectory _lists;
    private readonly SubscriptionTable _table;
    private readonly Notifier _notifier;
    private readonly IRequestSender _sender;
    private readonly SubscriptionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SubscribeHandler> _logger;
    private readonly PeerLogSampler _sampler;
    private readonly FetchRateLimiter _fetches;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _entities = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _stopping;

    public SubscribeHandler(ContactDirectory directory, ListDirectory lists, SubscriptionTable table, Notifier notifier, IRequestSender sender,
        SubscriptionOptions options, TimeProvider time, ILogger<SubscribeHandler> logger, PeerLogSampler sampler)
    {
        _directory = directory;
        _lists = lists;
        _table = table;
        _notifier = notifier;
        _sender = sender;
        _options = options;
        _time = time;
        _logger = logger;
        _sampler = sampler;
        _fetches = new FetchRateLimiter(options, time);
        _table.Expired += OnExpired;
    }

    public IReadOnlyCollection<string> Methods { get; } = [SipMethods.Subscribe];

    public IReadOnlyCollection<string> AllowEvents { get; } = [PresencePackage];

    public IReadOnlyCollection<string> AcceptedContentTypes { get; } = [BatchSubscription.ContentType];

    /// <summary>
    /// List subscriptions and Lync's batches. Never ms-benotify, ms-piggyback-first-notify or com.microsoft.autoextend:
    /// each would switch on a behaviour we do not have (docs/interop.md).
    /// </summary>
    public IReadOnlyCollection<string> OptionTags { get; } =
        [ListSubscription.OptionTag, BatchSubscription.AdhocListTag, BatchSubscription.CategoryListTag];

    public ValueTask HandleRequestAsync(IncomingRequest incoming, CancellationToken cancellationToken)
    {
        var request = incoming.Request;
        return request.To!.Tag is { } toTag
            ? HandleInDialogAsync(incoming, toTag)
            : HandleInitialAsync(incoming);
    }

    /// <summary>
    /// From now on new SUBSCRIBEs get 503 with Retry-After. Called before <see cref="TerminateAll"/> on shutdown, so a
    /// watcher that re-subscribes at once on <c>deactivated</c> (RFC 6665 §4.1.3) is told to wait, not admitted and
    /// then dropped with the sockets.
    /// </summary>
    public void StopAdmitting()
    {
        _stopping = true;
        SubscriptionLog.RefusingWhileStopping(_logger, StoppingRetryAfterSeconds);
    }

    /// <summary>
    /// Every live subscription gets a final NOTIFY with <paramref name="reason"/>. A fault with one is logged and the
    /// rest still get theirs.
    /// </summary>
    public int TerminateAll(TerminationReason reason)
    {
        var n = 0;
        foreach (var s in _table.Snapshot())
        {
            try
            {
                _notifier.Notify(s, SubscriptionStatus.Terminated(reason));
                n++;
            }
            catch (Exception ex)
            {
                SubscriptionLog.NotifyFailed(_logger, ex, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.CallId));
            }
        }

        return n;
    }

    private async ValueTask HandleInitialAsync(IncomingRequest incoming)
    {
        var request = incoming.Request;
        if (_stopping)
        {
            var busy = incoming.CreateResponse(503, "Service Unavailable (shutting down)");
            busy.Headers.Add(HeaderKind.RetryAfter, StoppingRetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
            await RefuseAsync(incoming, busy, "stopping").ConfigureAwait(false);
            return;
        }

        // A trusted peer (Sip:TrustedPeers, a Front End pool relaying many users) has no per-source limit and no fetch
        // rate here; the stack's trusted rate limit still applies, and so do the per-watcher and total limits.
        var trusted = incoming.IsTrustedPeer;
        var source = SourceKey.Of(incoming.Flow.RemoteEndPoint.Address);
        var watcher = WatcherOf(request.From!.Uri);
        var fetch = request.Expires is 0;
        if (fetch && !trusted && !_fetches.TryAcquire(source, out var wait))
        {
            await RefuseByLimitAsync(incoming, SubscriptionLimit.FetchRatePerSource, source, watcher, 503, (int)Math.Ceiling(wait.TotalSeconds))
                .ConfigureAwait(false);
            return;
        }

        if (!fetch && _table.Check(source, trusted, watcher) is not SubscriptionLimit.None and var full)
        {
            await RefuseByLimitAsync(incoming, full, source, watcher, 503, LimitRetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        if (!TryCheckCommon(incoming, out var refusal, out var format, out var categories, out var batch))
        {
            await RefuseAsync(incoming, refusal!, "refused").ConfigureAwait(false);
            return;
        }

        // A configured list alias, else a Lync batch, else one contact. The batch is resolved only once every cheap
        // check has passed: each of its resources may run the routing rules.
        var list = _lists.Find(request.RequestUri);
        var batched = list is null && IsBatch(batch, request.RequestUri);
        var contact = list is null && !batched ? _directory.Resolve(request.RequestUri) : null;
        if (list is not null || batched)
        {
            if (!TryCheckList(incoming, batched ? batch!.Resources.Count : 0, out refusal))
            {
                await RefuseAsync(incoming, refusal!, "list refused").ConfigureAwait(false);
                return;
            }
        }
        else if (contact is null)
        {
            await RefuseAsync(incoming, incoming.CreateResponse(404, "Not Found (no such conference alias)"), "unknown alias")
                .ConfigureAwait(false);
            return;
        }

        if (!TryGrantExpires(incoming, out var granted, out refusal))
        {
            await RefuseAsync(incoming, refusal!, "interval too brief").ConfigureAwait(false);
            return;
        }

        var localTag = NewTag();
        if (!Dialog.TryCreateUas(incoming, localTag, (uint)Random.Shared.Next(1, 1 << 20), out var dialog, out var error))
        {
            await RefuseAsync(incoming, incoming.CreateResponse(400, $"Bad Request ({error})"), error).ConfigureAwait(false);
            return;
        }

        // What the subscription would keep of the peer's text; a batch is measured before its resources are resolved.
        var kept = SubscriptionFootprint.OfRequest(request);
        if (kept + (batched ? SubscriptionFootprint.OfBatch(batch!) : 0) > _options.MaxBytesPerSubscription)
        {
            // RFC 3261 §21.4.11: 413 when the body (the batch) is what is too large; §21.5.9: 513 when the message
            // itself is. Neither is temporary, so no 503: a retry would be refused again.
            await RefuseByLimitAsync(incoming, SubscriptionLimit.MaxBytesPerSubscription, source, watcher,
                kept > _options.MaxBytesPerSubscription ? 513 : 413, retryAfterSeconds: null).ConfigureAwait(false);
            return;
        }

        Subscription subscription;
        if (contact is not null)
        {
            subscription = new ContactSubscription(dialog, SharedEvent(request.Event!), contact, EntityOf(request.RequestUri, contact),
                incoming.Flow, ExpiryTicks(granted), format, categories) { Source = source, Watcher = watcher };
        }
        else
        {
            list ??= _lists.ForBatch(request.RequestUri, batch!.Resources);
            subscription = new ListSubscription(dialog, SharedEvent(request.Event!), list, incoming.Flow, ExpiryTicks(granted), format, categories)
            {
                Source = source,
                Watcher = watcher,
            };
            LogList(incoming, list);
        }

        // Checked again as the subscription is counted in: SUBSCRIBEs from one source may have raced past the check above.
        if (granted > 0 && !_table.TryAdd(subscription, out var refusedBy) && refusedBy != SubscriptionLimit.None)
        {
            await RefuseByLimitAsync(incoming, refusedBy, source, watcher, 503, LimitRetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        await incoming.RespondAsync(Accept(incoming, localTag, granted, subscription)).ConfigureAwait(false);
        Log(incoming, 200, granted > 0 ? "subscribed" : "fetched", subscription);

        // RFC 6665 §4.2.1.2: the NOTIFY follows the 200 at once, with the full state (over UDP perhaps after a probe
        // the watcher must answer first: see Notify); a fetch (Expires: 0) gets it as the final, terminated NOTIFY (§4.4.3).
        _notifier.Notify(subscription, granted > 0 ? SubscriptionStatus.Active : SubscriptionStatus.Terminated(TerminationReason.Timeout), initial: true);
    }

    private async ValueTask HandleInDialogAsync(IncomingRequest incoming, string toTag)
    {
        var request = incoming.Request;
        var id = new DialogId(request.CallId!, toTag, request.From!.Tag ?? "");
        if (!_table.TryGet(id, out var s))
        {
            // RFC 6665 §4.1.2.2 / RFC 3261 §12.2.2: e.g. after a restart; the watcher starts a new subscription.
            await RefuseAsync(incoming, incoming.CreateResponse(481, "Call/Transaction Does Not Exist (no such subscription)"),
                "unknown dialog").ConfigureAwait(false);
            return;
        }

        // The format, categories and list stay those of the dialog-creating SUBSCRIBE.
        if (!TryCheckCommon(incoming, out var refusal, out _, out _, out _))
        {
            await RefuseAsync(incoming, refusal!, "refused").ConfigureAwait(false);
            return;
        }

        if (!TryGrantExpires(incoming, out var granted, out refusal))
        {
            await RefuseAsync(incoming, refusal!, "interval too brief").ConfigureAwait(false);
            return;
        }

        lock (s)
        {
            if (s.Ended)
            {
                refusal = incoming.CreateResponse(481, "Call/Transaction Does Not Exist (subscription ended)");
            }
            else if (!s.Dialog.TryAcceptRemoteCSeq(request.CSeq!.Value.Number))
            {
                refusal = incoming.CreateResponse(500, "Server Internal Error (CSeq out of order)");
            }
            else
            {
                s.Dialog.RefreshTarget(request);
                s.Flow = incoming.Flow;

                if (granted > 0)
                {
                    s.ExpiresAtTicks = ExpiryTicks(granted);
                }
            }
        }

        if (refusal is not null)
        {
            await RefuseAsync(incoming, refusal, "refused in dialog").ConfigureAwait(false);
            return;
        }

        if (granted > 0)
        {
            _table.Reschedule(s, s.ExpiresAtTicks);
        }

        await incoming.RespondAsync(Accept(incoming, toTag, granted, s)).ConfigureAwait(false);
        Log(incoming, 200, granted > 0 ? "refreshed" : "unsubscribed", s);
        _notifier.Notify(s, granted > 0 ? SubscriptionStatus.Active : SubscriptionStatus.Terminated(TerminationReason.Timeout));
    }

    /// <summary>
    /// Checks shared by new and in-dialog SUBSCRIBEs: event package, body, Accept. Yields the document format and a
    /// Lync batchSub body, if any, with the categories it asks for.
    /// </summary>
    private static bool TryCheckCommon(IncomingRequest incoming, out SipResponse? refusal, out DocumentFormat format, out CategorySet categories,
        out BatchSubscription? batch)
    {
        var request = incoming.Request;
        refusal = null;
        format = DocumentFormat.Pidf;
        categories = CategorySet.All;
        batch = null;
        if (!string.Equals(request.EventPackage, PresencePackage, StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6665 §4.2.1.1, §8.3.2; a missing Event header is no package we serve either.
            refusal = incoming.CreateResponse(489, "Bad Event (only presence is served)");
            refusal.Headers.Add(HeaderKind.AllowEvents, PresencePackage);
            return false;
        }

        if (!request.Body.IsEmpty)
        {
            if (!IsMediaType(request.ContentType, BatchSubscription.ContentType))
            {
                refusal = incoming.CreateResponse(415, "Unsupported Media Type (SUBSCRIBE body not understood)");
                refusal.Headers.Add(HeaderKind.Accept, BatchSubscription.ContentType);
                return false;
            }

            if (!BatchSubscription.TryParse(request.Body, out batch, out var error))
            {
                refusal = incoming.CreateResponse(400, $"Bad Request ({error})");
                return false;
            }

            categories = batch!.Categories;
        }

        var accept = request.Headers.Contains(HeaderKind.Accept) ? request.Headers.GetValues(HeaderKind.Accept) : null;
        if (DocumentFormats.Negotiate(accept) is not { } chosen)
        {
            // RFC 3856 §6.7: the NOTIFY body must be a type the SUBSCRIBE accepts.
            refusal = incoming.CreateResponse(406, "Not Acceptable (no presence format the watcher accepts)");
            refusal.Headers.Add(HeaderKind.Accept, DocumentFormats.AcceptHeader);
            return false;
        }

        format = chosen;
        return true;
    }

    /// <summary>
    /// A batch is a batchSub naming resources other than the Request-URI. The per-contact SUBSCRIBE Lync sends names
    /// exactly one, the Request-URI: that one, and a body naming none, are answered for the Request-URI alone.
    /// </summary>
    private static bool IsBatch(BatchSubscription? batch, SipUri requestUri)
    {
        if (batch is null || batch.Resources.Count == 0)
        {
            return false;
        }

        return batch.Resources.Count > 1 || !(SipUri.TryParse(batch.Resources[0], out var only) &&
            string.Equals(ContactDirectory.AliasOf(only), ContactDirectory.AliasOf(requestUri), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// RFC 4662 §4.1: list NOTIFYs go only to a watcher that supports eventlist; any other gets 421 naming it (a Lync
    /// client then subscribes per contact, [MS-SIP] §3.3.5.2). A batch longer than our limit gets 413 naming the limit
    /// ([MS-SIP] §3.3.4.1 asks servers to cap batches).
    /// </summary>
    private bool TryCheckList(IncomingRequest incoming, int batchResources, out SipResponse? refusal)
    {
        refusal = null;
        if (!incoming.Request.Headers.HasToken(HeaderKind.Supported, ListSubscription.OptionTag))
        {
            refusal = incoming.CreateResponse(421, "Extension Required (eventlist: this URI is a list)");
            refusal.Headers.Add(HeaderKind.Require, ListSubscription.OptionTag);
            return false;
        }

        if (batchResources > _options.MaxListResources)
        {
            refusal = incoming.CreateResponse(413,
                $"Request Entity Too Large ({batchResources} resources in the batch; at most {_options.MaxListResources})");
            return false;
        }

        return true;
    }

    /// <summary>
    /// RFC 6665 §4.2.1.1 and §3.1.1: no Expires means the package default; the notifier may shorten, never
    /// lengthen; 423 only for a non-zero value below our minimum.
    /// </summary>
    private bool TryGrantExpires(IncomingRequest incoming, out long granted, out SipResponse? refusal)
    {
        refusal = null;
        var requested = incoming.Request.Expires ?? _options.DefaultExpires;
        if (requested > 0 && requested < _options.MinExpires)
        {
            granted = 0;
            refusal = incoming.CreateResponse(423, "Interval Too Brief");
            refusal.Headers.Add(HeaderKind.MinExpires, _options.MinExpires.ToString(CultureInfo.InvariantCulture));
            return false;
        }

        granted = Math.Min(requested, _options.MaxExpires);
        return true;
    }

    private SipResponse Accept(IncomingRequest incoming, string localTag, long granted, Subscription subscription)
    {
        var ok = incoming.CreateResponse(200, "OK", localTag);
        ok.Headers.Add(HeaderKind.Expires, granted.ToString(CultureInfo.InvariantCulture));
        ok.Headers.Add(HeaderKind.Contact, _sender.ContactFor(incoming.Flow));
        ok.Headers.Add(HeaderKind.AllowEvents, PresencePackage);
        if (subscription is ListSubscription)
        {
            // Tells the watcher this is a list subscription before the first NOTIFY arrives (Asterisk does the same).
            ok.Headers.Add(HeaderKind.Require, ListSubscription.OptionTag);
        }

        return ok;
    }

    private async ValueTask RefuseAsync(IncomingRequest incoming, SipResponse response, string result)
    {
        await incoming.RespondAsync(response).ConfigureAwait(false);
        Log(incoming, response.StatusCode, result);
    }

    /// <summary>Refuses a SUBSCRIBE over <paramref name="limit"/>, naming it in the reason phrase and, sampled per source, in the log.</summary>
    private async ValueTask RefuseByLimitAsync(IncomingRequest incoming, SubscriptionLimit limit, SourceKey source, string watcher, int status,
        int? retryAfterSeconds)
    {
        var response = incoming.CreateResponse(status, $"{Sip.Messages.StatusCodes.DefaultReason(status)} ({limit.Key()} reached)");
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.Add(HeaderKind.RetryAfter, Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture));
        }

        // Logged before the answer goes, so the log never lags what the peer has seen.
        var peer = source.ToString();
        if (_logger.IsEnabled(LogLevel.Warning) && _sampler.ShouldLog(SubscriptionLog.RefusedByLimitId, peer, out var suppressed))
        {
            SubscriptionLog.RefusedByLimit(_logger, peer, SipFailure.Sanitize(watcher), SipFailure.Sanitize(incoming.Request.CallId ?? "?"), status,
                limit.Key(), limit.ValueIn(_options), suppressed);
        }

        await RefuseAsync(incoming, response, limit.Key()).ConfigureAwait(false);
    }

    private void Log(IncomingRequest incoming, int status, string result, Subscription? subscription = null)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var r = incoming.Request;
        SubscriptionLog.SubscribeOutcome(_logger, SipFailure.Sanitize(ContactDirectory.AliasOf(r.RequestUri) ?? r.RequestUri.ToString()),
            SipFailure.Sanitize(r.From?.Uri.AddressOfRecord ?? "?"), SipFailure.Sanitize(r.CallId ?? "?"), status, result,
            subscription is null ? "-" : DocumentFormats.ContentTypeOf(subscription.Format));
    }

    private void LogList(IncomingRequest incoming, ResourceList list)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var unknown = list.Resources.Count(r => r.Contact is null);
        SubscriptionLog.ListResolved(_logger, SipFailure.Sanitize(list.Uri), SipFailure.Sanitize(incoming.Request.CallId ?? "?"),
            list.Name is null ? "batch" : "configured", list.Resources.Count, unknown);
    }

    private void OnExpired(Subscription s)
    {
        if (s.ExpiresAtTicks > _time.GetUtcNow().UtcTicks)
        {
            return;
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            SubscriptionLog.Expired(_logger, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.RemoteHeader), SipFailure.Sanitize(s.Dialog.CallId));
        }

        _notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.Timeout));
    }

    public void Dispose()
    {
        _table.Expired -= OnExpired;
        _fetches.Dispose();
    }

    /// <summary>
    /// The watcher as the per-watcher limit counts it: the From URI's address of record, <c>user@host</c> with the
    /// user part unescaped (compared ignoring case, so respelling it counts the same); another scheme's URI whole.
    /// </summary>
    private static string WatcherOf(SipUri from) => from.IsSip ? from.AddressOfRecord : $"{from.Scheme}:{from.Opaque}";

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

    private const int MaxSharedEntities = 10_000;

    /// <summary>Nearly every watcher sends exactly <c>Event: presence</c>; keep one copy of it.</summary>
    private static string SharedEvent(string value) =>
        string.Equals(value, PresencePackage, StringComparison.Ordinal) ? PresencePackage : value;

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

    /// <summary>Compares the type/subtype of a media-type value, ignoring parameters and case.</summary>
    private static bool IsMediaType(string? value, string type)
    {
        if (value is null)
        {
            return false;
        }

        var semi = value.IndexOf(';', StringComparison.Ordinal);
        var bare = (semi < 0 ? value : value[..semi]).AsSpan().Trim();
        return bare.Equals(type, StringComparison.OrdinalIgnoreCase);
    }
}
