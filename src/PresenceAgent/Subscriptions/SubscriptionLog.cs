
namespace PresenceAgent.Subscriptions;

/// <summary>Subscription events, ids 3000–3999. Names are stable: dashboards filter on them.</summary>
internal static partial class SubscriptionLog
{
    [LoggerMessage(EventId = 3000, EventName = "SubscribeOutcome", Level = LogLevel.Debug,
        Message = "SUBSCRIBE {Alias} from {Watcher} (Call-ID {CallId}): {Status} {Result}, body {Format}")]
    public static partial void SubscribeOutcome(ILogger logger, string alias, string watcher, string callId, int status, string result, string format);

    [LoggerMessage(EventId = 3001, EventName = "SubscriptionEndedByNotifyResponse", Level = LogLevel.Information,
        Message = "Subscription to {Entity} for {Watcher} (Call-ID {CallId}) ended: NOTIFY answered {Status} (diagnostics: {Diagnostics})")]
    public static partial void EndedByNotifyResponse(ILogger logger, string entity, string watcher, string callId, int status, string diagnostics);

    [LoggerMessage(EventId = 3002, EventName = "SubscriptionEndedByNotifyTimeout", Level = LogLevel.Information,
        Message = "Subscription to {Entity} for {Watcher} (Call-ID {CallId}) ended: NOTIFY {Outcome}")]
    public static partial void EndedByNotifyFailure(ILogger logger, string entity, string watcher, string callId, string outcome);

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
}
