namespace PresenceAgent.Presence.Live;

internal static partial class LivePresenceLog
{
    [LoggerMessage(EventId = 7000, EventName = "PresenceChanged", Level = LogLevel.Information,
        Message = "Presence of {Contact}: {From} -> {To} (decided by {Source}: {Reason})")]
    public static partial void Transition(ILogger logger, string contact, string from, string to, string source, string reason);

    [LoggerMessage(EventId = 7001, EventName = "LivePresenceTableFull", Level = LogLevel.Warning,
        Message = "Presence for {Contact} was not kept: {Max} contacts have live presence already")]
    public static partial void TableFull(ILogger logger, string contact, int max);

    [LoggerMessage(EventId = 7002, EventName = "PresenceDeadlineFailed", Level = LogLevel.Error,
        Message = "Ending the grace period or override of {Contact} failed; it keeps what it shows")]
    public static partial void DeadlineFailed(ILogger logger, Exception exception, string contact);

    [LoggerMessage(EventId = 7003, EventName = "MeetingChanged", Level = LogLevel.Information,
        Message = "Meeting of {Contact}: {Meeting} ({Reason})")]
    public static partial void MeetingChanged(ILogger logger, string contact, string meeting, string reason);
}
