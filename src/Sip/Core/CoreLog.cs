using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Logging;

namespace PresenceAgent.Sip.Core;

/// <summary>User-agent core events, ids 1500–1999. Names and ids are stable: dashboards filter on them.</summary>
internal static partial class CoreLog
{
    [LoggerMessage(EventId = 1500, EventName = "StackStarted", Level = LogLevel.Information,
        Message = "SIP stack started on {EndPoints}")]
    public static partial void StackStarted(ILogger logger, string endPoints);

    [LoggerMessage(EventId = 1501, EventName = "StackStopped", Level = LogLevel.Information,
        Message = "SIP stack stopped")]
    public static partial void StackStopped(ILogger logger);

    [LoggerMessage(EventId = 1510, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "The request handler failed on {Method} from {Remote}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string method, IPEndPoint remote);

    [LoggerMessage(EventId = 1511, EventName = "HandlerDidNotRespond", Level = LogLevel.Error,
        Message = "The request handler finished {Method} from {Remote} without a final response; answering 500")]
    public static partial void HandlerDidNotRespond(ILogger logger, string method, IPEndPoint remote);

    [LoggerMessage(EventId = 1520, EventName = "RequestRejected", Level = LogLevel.Debug,
        Message = "{Method} from {Remote} answered {StatusCode}: {Why}")]
    public static partial void RequestRejected(ILogger logger, string method, IPEndPoint remote, int statusCode, string why);

    [LoggerMessage(EventId = 1521, EventName = "CoreFault", Level = LogLevel.Error,
        Message = "Unexpected failure processing {Method} from {Remote}")]
    public static partial void CoreFault(ILogger logger, Exception exception, string method, IPEndPoint remote);

    // When a source goes over its limit, not for each request refused after that; sampled per source, since a source
    // that keeps sending starts a new episode at every token.
    [LoggerMessage(EventId = 1530, EventName = "RateLimited", Level = LogLevel.Warning,
        Message = "{Source} went over its rate limit {Limit} with a {Method}; until it slows down its new SUBSCRIBE and PUBLISH requests get 503 and others are dropped{Suppressed}")]
    public static partial void RateLimited(ILogger logger, IPAddress source, string limit, string method, SuppressedLogs suppressed);
}
