namespace PresenceAgent.Http;

/// <summary>
/// Events of the <c>/api</c> endpoints, band 7300–7399 beside live presence's 7000s. Ids and names reach dashboards:
/// never renumber or rename one. Peer text (paths, notes, details that quote an alias) arrives here sanitized.
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 7300, EventName = "PresenceOverrideSet", Level = LogLevel.Information,
        Message = "Presence override of {Contact} set by {Client}: {Status} (sticky: {Sticky}) until {Until}; note: {Note}")]
    public static partial void OverrideSet(ILogger logger, string contact, string client, string status, bool sticky, string until, string note);

    [LoggerMessage(EventId = 7301, EventName = "PresenceOverrideCleared", Level = LogLevel.Information,
        Message = "Presence override of {Contact} cleared by {Client} (there was one: {Had})")]
    public static partial void OverrideCleared(ILogger logger, string contact, string client, bool had);

    [LoggerMessage(EventId = 7302, EventName = "ApiRequestRefused", Level = LogLevel.Debug,
        Message = "{Method} {Path} from {Client} answered {Status}: {Detail}")]
    public static partial void Refused(ILogger logger, string method, string path, string client, int status, string detail);

    [LoggerMessage(EventId = 7303, EventName = "ApiLoopbackOnly", Level = LogLevel.Warning,
        Message = "The /api endpoints answer loopback clients only (403 to others): Http:Urls {Urls} is not loopback only and Http:ApiToken is not set")]
    public static partial void LoopbackOnly(ILogger logger, string urls);
}
