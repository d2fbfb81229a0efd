namespace PresenceAgent.Subscriptions;

/// <summary>
/// Subscription events, ids 3000–3999. Names are stable: dashboards filter on them. Every string from a peer (aliases,
/// From, Call-ID, diagnostics) arrives here cut and escaped; events a peer can repeat at will are sampled per peer
/// (the <c>Suppressed</c> count says how many were left out).
/// </summary>
internal static partial class SubscriptionLog
{
    public const int EndedByNotifyResponseId = 3001;
    public const int EndedByNotifyFailureId = 3002;
    public const int RefusedByLimitId = 3009;
    public const int ExpiryFailedId = 3010;

    [LoggerMessage(EventId = 3000, EventName = "SubscribeOutcome", Level = LogLevel.Debug,
        Message = "SUBSCRIBE {Alias} from {Watcher} (Call-ID {CallId}): {Status} {Result}, body {Format}")]
    public static partial void SubscribeOutcome(ILogger logger, string alias, string watcher, string callId, int status, string result, string format);

    [LoggerMessage(EventId = EndedByNotifyResponseId, EventName = "SubscriptionEndedByNotifyResponse", Level = LogLevel.Information,
        Message = "Subscription to {Entity} for {Watcher} (Call-ID {CallId}) ended: NOTIFY answered {Status} (diagnostics: {Diagnostics}); {Suppressed} more such from {Peer} left out since the last")]
    public static partial void EndedByNotifyResponse(ILogger logger, string entity, string watcher, string callId, int status, string diagnostics,
        int suppressed, string peer);

    [LoggerMessage(EventId = EndedByNotifyFailureId, EventName = "SubscriptionEndedByNotifyTimeout", Level = LogLevel.Information,
        Message = "Subscription to {Entity} for {Watcher} (Call-ID {CallId}) ended: NOTIFY {Outcome}; {Suppressed} more such from {Peer} left out since the last")]
    public static partial void EndedByNotifyFailure(ILogger logger, string entity, string watcher, string callId, string outcome, int suppressed, string peer);

    [LoggerMessage(EventId = 3003, EventName = "SubscriptionExpired", Level = LogLevel.Debug,
        Message = "Subscription to {Entity} for {Watcher} (Call-ID {CallId}) expired")]
    public static partial void Expired(ILogger logger, string entity, string watcher, string callId);

    [LoggerMessage(EventId = 3004, EventName = "NotifyFailed", Level = LogLevel.Error,
        Message = "Sending NOTIFY for {Entity} (Call-ID {CallId}) failed")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string entity, string callId);

    [LoggerMessage(EventId = 3005, EventName = "Deactivating", Level = LogLevel.Information,
        Message = "Stopping: sending terminated;reason=deactivated to {Count} subscriptions")]
    public static partial void Deactivating(ILogger logger, int count);

    [LoggerMessage(EventId = 3006, EventName = "DeactivationIncomplete", Level = LogLevel.Warning,
        Message = "Stopping: {Count} final NOTIFYs were still outstanding when the drain time ran out")]
    public static partial void DeactivationIncomplete(ILogger logger, int count);

    [LoggerMessage(EventId = 3007, EventName = "NotifyRejected", Level = LogLevel.Debug,
        Message = "NOTIFY for {Entity} (Call-ID {CallId}) answered {Status}; subscription kept (diagnostics: {Diagnostics})")]
    public static partial void NotifyRejected(ILogger logger, string entity, string callId, int status, string diagnostics);

    [LoggerMessage(EventId = 3008, EventName = "ListResolved", Level = LogLevel.Debug,
        Message = "List {List} (Call-ID {CallId}, {Kind}): {Count} resources, {Unknown} naming nothing here")]
    public static partial void ListResolved(ILogger logger, string list, string callId, string kind, int count, int unknown);

    [LoggerMessage(EventId = RefusedByLimitId, EventName = "SubscribeRefusedByLimit", Level = LogLevel.Warning,
        Message = "SUBSCRIBE from {Source} (watcher {Watcher}, Call-ID {CallId}) refused with {Status}: over {Limit} ({Value}); {Suppressed} more such refusals of this source left out since the last")]
    public static partial void RefusedByLimit(ILogger logger, string source, string watcher, string callId, int status, string limit, int value,
        int suppressed);

    [LoggerMessage(EventId = ExpiryFailedId, EventName = "ExpiryFailed", Level = LogLevel.Error,
        Message = "Expiring the subscription to {Entity} (Call-ID {CallId}) failed; it was dropped and the others expire as due ({Suppressed} more such faults left out since the last)")]
    public static partial void ExpiryFailed(ILogger logger, Exception exception, string entity, string callId, int suppressed);

    [LoggerMessage(EventId = 3011, EventName = "RefusingWhileStopping", Level = LogLevel.Information,
        Message = "Stopping: new SUBSCRIBEs get 503 with Retry-After {RetryAfter} s from now on")]
    public static partial void RefusingWhileStopping(ILogger logger, int retryAfter);

    [LoggerMessage(EventId = 3012, EventName = "PresenceFannedOut", Level = LogLevel.Debug,
        Message = "Presence of {Contact} changed: NOTIFY queued for {Watchers} subscriptions")]
    public static partial void FannedOut(ILogger logger, string contact, int watchers);
}
