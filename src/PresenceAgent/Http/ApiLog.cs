namespace PresenceAgent.Http;

/// <summary>
/// Events of the <c>/api</c> endpoints, band 7300–7399 beside live presence's 7000s. Ids and names reach dashboards:
/// never renumber or rename one. Peer text (paths, details that quote an alias) arrives here sanitized.
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 7302, EventName = "ApiRequestRefused", Level = LogLevel.Debug,
        Message = "{Method} {Path} from {Client} answered {Status}: {Detail}")]
    public static partial void Refused(ILogger logger, string method, string path, string client, int status, string detail);

    [LoggerMessage(EventId = 7303, EventName = "ApiLoopbackOnly", Level = LogLevel.Warning,
        Message = "The /api endpoints answer loopback clients only (403 to others): Http:Urls {Urls} is not loopback only and Http:ApiToken is not set")]
    public static partial void LoopbackOnly(ILogger logger, string urls);
}
