namespace PresenceAgent.Http;

/// <summary>
/// Events of the HTTP side other than avatars (ThemeLog has those), band 5200–5299 of the themes/HTTP band. Ids and
/// names reach dashboards: never renumber or rename one.
/// </summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 5200, EventName = "AdminDisabled", Level = LogLevel.Warning,
        Message = "The admin endpoints and /metrics are disabled (they answer 404): Http:Urls {Urls} is not loopback only and Http:AdminToken is not set. Set a token of at least 32 characters to use them")]
    public static partial void AdminDisabled(this ILogger logger, string urls);

    [LoggerMessage(EventId = 5201, EventName = "AvatarSelfCheckFaulted", Level = LogLevel.Error,
        Message = "The avatar self-check stopped on a fault of its own; the agent serves on. Please report it with this log")]
    public static partial void AvatarSelfCheckFaulted(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5202, EventName = "AdminConsoleServed", Level = LogLevel.Information,
        Message = "The admin console is served at /admin/ of {Urls}: {Access}")]
    public static partial void AdminConsoleServed(this ILogger logger, string urls, string access);

    [LoggerMessage(EventId = 5203, EventName = "AdminRequestRefused", Level = LogLevel.Debug,
        Message = "{Method} {Path} from {Client} refused with {Status} by the admin rule ({Mode}, over {Scheme})")]
    public static partial void AdminRequestRefused(this ILogger logger, string method, string path, string client, int status, AdminAccessMode mode, string scheme);
}
