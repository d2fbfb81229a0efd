namespace PresenceAgent.Hosting;

/// <summary>Start and stop of the process, and the host's own timers (events 6000–6099).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 6000, EventName = "ConfigurationRefused", Level = LogLevel.Critical,
        Message = "The agent does not start: the configuration has {Count} error(s); fix each and start again:{Errors}")]
    public static partial void ConfigurationRefused(ILogger logger, int count, string errors);

    [LoggerMessage(EventId = 6001, EventName = "StartFailed", Level = LogLevel.Critical,
        Message = "The agent does not start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6002, EventName = "UnexpectedFault", Level = LogLevel.Critical,
        Message = "The agent stopped on a fault of its own; please report it with this log")]
    public static partial void UnexpectedFault(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6003, EventName = "WarmupFailed", Level = LogLevel.Error,
        Message = "Warming up the message code failed; SIP opens anyway, the first requests may be slow. Please report it with this log")]
    public static partial void WarmupFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6004, EventName = "OutOfOfficeChanged", Level = LogLevel.Information,
        Message = "The out-of-office note of {Contacts} started or ended; their documents are built again and their watchers notified")]
    public static partial void OutOfOfficeChanged(ILogger logger, string contacts);
}
