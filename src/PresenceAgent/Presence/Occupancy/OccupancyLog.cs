namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// Occupancy events, band 7100–7199 of live presence's 7000s: the event sink and the occupancy API (whose refusals the
/// API group logs, as ApiRequestRefused). Ids and names reach dashboards: never renumber or rename one. Whatever a
/// caller can cause again and again is sampled per caller (address or node) with the count left out.
/// </summary>
internal static partial class OccupancyLog
{
    public const int UnauthorizedId = 7100;
    public const int ForbiddenId = 7101;
    public const int EventRefusedId = 7102;
    public const int QueueFullId = 7103;
    public const int NodeResetId = 7104;
    public const int NodeStoppedId = 7105;
    public const int NodeLimitId = 7106;
    public const int ConferenceLimitId = 7107;
    public const int ParticipantLimitId = 7108;

    [LoggerMessage(EventId = UnauthorizedId, EventName = "EventSinkUnauthorized", Level = LogLevel.Warning,
        Message = "Event sink request from {Address} refused (401): {Reason}. The platform's event sink must send EventSink:Username and EventSink:Password ({Suppressed} more from this address left out since the last)")]
    public static partial void Unauthorized(ILogger logger, string address, string reason, int suppressed);

    [LoggerMessage(EventId = ForbiddenId, EventName = "EventSinkForbidden", Level = LogLevel.Warning,
        Message = "Event sink request from {Address} refused (403): EventSink:Username and EventSink:Password are not set, so only loopback callers are let in ({Suppressed} more from this address left out since the last)")]
    public static partial void Forbidden(ILogger logger, string address, int suppressed);

    [LoggerMessage(EventId = EventRefusedId, EventName = "EventSinkEventRefused", Level = LogLevel.Warning,
        Message = "Event from {Address} refused ({Status}) and not applied: {Field}: {Reason} ({Suppressed} more from this address left out since the last)")]
    public static partial void EventRefused(ILogger logger, string address, int status, string field, string reason, int suppressed);

    [LoggerMessage(EventId = QueueFullId, EventName = "EventSinkQueueFull", Level = LogLevel.Warning,
        Message = "The event sink queue is full ({Capacity} events, EventSink:QueueCapacity); {Address} was told to send again (503) ({Suppressed} more from this address left out since the last)")]
    public static partial void QueueFull(ILogger logger, int capacity, string address, int suppressed);

    [LoggerMessage(EventId = NodeResetId, EventName = "EventSinkNodeReset", Level = LogLevel.Information,
        Message = "Event sink node {Node}: {Reason}; the {Conferences} served conference(s) and {Participants} participant(s) it reported are forgotten ({Suppressed} more left out since the last)")]
    public static partial void NodeReset(ILogger logger, string node, string reason, int conferences, int participants, int suppressed);

    [LoggerMessage(EventId = NodeStoppedId, EventName = "EventSinkNodeStopped", Level = LogLevel.Information,
        Message = "Event sink node {Node} stopped; the {Conferences} served conference(s) it carried go, and those only it carried show Offline for the grace period ({Suppressed} more left out since the last)")]
    public static partial void NodeStopped(ILogger logger, string node, int conferences, int suppressed);

    [LoggerMessage(EventId = NodeLimitId, EventName = "EventSinkNodeLimit", Level = LogLevel.Warning,
        Message = "Events from node {Node} are dropped: {Max} nodes that carry conferences are tracked already (EventSink:MaxNodes) ({Suppressed} more left out since the last)")]
    public static partial void NodeLimit(ILogger logger, string node, int max, int suppressed);

    [LoggerMessage(EventId = ConferenceLimitId, EventName = "EventSinkConferenceLimit", Level = LogLevel.Warning,
        Message = "Conference '{Conference}' on node {Node} is not counted: the node carries {Max} served conferences already (EventSink:MaxConferencesPerNode) ({Suppressed} more left out since the last)")]
    public static partial void ConferenceLimit(ILogger logger, string conference, string node, int max, int suppressed);

    [LoggerMessage(EventId = ParticipantLimitId, EventName = "EventSinkParticipantLimit", Level = LogLevel.Warning,
        Message = "A participant of '{Conference}' on node {Node} is not counted: the node has {Max} participants in served conferences already (EventSink:MaxParticipantsPerNode) ({Suppressed} more left out since the last)")]
    public static partial void ParticipantLimit(ILogger logger, string conference, string node, int max, int suppressed);

    [LoggerMessage(EventId = 7109, EventName = "EventSinkUnserved", Level = LogLevel.Debug,
        Message = "{Event} from {Node}: conference '{Conference}' (alias '{Alias}') is no service's; counted and ignored")]
    public static partial void Unserved(ILogger logger, string @event, string node, string conference, string alias);

    [LoggerMessage(EventId = 7110, EventName = "EventSinkDuplicate", Level = LogLevel.Debug,
        Message = "{Event} from {Node} repeats sequence number {Seq}, the last applied (a retry whose answer was lost); ignored")]
    public static partial void Duplicate(ILogger logger, string @event, string node, long seq);

    [LoggerMessage(EventId = 7111, EventName = "EventSinkApplyFailed", Level = LogLevel.Error,
        Message = "Applying {Event} from {Node} failed; the event sink goes on with the next event. Please report it with this log")]
    public static partial void ApplyFailed(ILogger logger, Exception exception, string @event, string node);

    [LoggerMessage(EventId = 7112, EventName = "EventSinkLoopbackOnly", Level = LogLevel.Warning,
        Message = "EventSink:Username and EventSink:Password are not set, so /api/eventsink takes loopback callers only; Http:Urls {Urls} is reachable beyond loopback, and conferencing nodes there are refused (403). Set the credentials the platform's event sink sends")]
    public static partial void LoopbackOnly(ILogger logger, string urls);

    [LoggerMessage(EventId = 7113, EventName = "OccupancySet", Level = LogLevel.Information,
        Message = "Occupancy of {Contact} given over the API by {Client}: {Given}; across every source it holds {Occupancy}")]
    public static partial void Set(ILogger logger, string contact, string client, string given, string occupancy);
}
