namespace PresenceAgent.Access;

/// <summary>Access level events, ids 7500–7599. Names are stable: dashboards filter on them. Peer text arrives cut and escaped.</summary>
internal static partial class AccessLog
{
    [LoggerMessage(EventId = 7500, EventName = "WatcherLevel", Level = LogLevel.Debug,
        Message = "Watcher {Watcher} ({Proof}, From {From}) of {Entity} (Call-ID {CallId}) is {Level} by {Rule}")]
    public static partial void Level(ILogger logger, string watcher, WatcherProof proof, string from, string entity, string callId,
        AccessLevel level, string rule);

    [LoggerMessage(EventId = 7501, EventName = "WatcherLevelChanged", Level = LogLevel.Information,
        Message = "Watcher {Watcher} of {Entity} (Call-ID {CallId}) is {Level} by {Rule} after the reload, was {Previous}")]
    public static partial void Changed(ILogger logger, string watcher, string entity, string callId, AccessLevel level, string rule, AccessLevel previous);
}
