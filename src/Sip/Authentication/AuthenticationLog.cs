using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Logging;

namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// Digest authentication events, ids 1800–1899. Names and ids are stable: dashboards filter on them. A peer can
/// trigger each at will, so both are sampled per source address (an IPv6 /64); user names arrive cut and escaped.
/// </summary>
internal static partial class AuthenticationLog
{
    public const int NotAcceptedId = 1800;
    public const int CredentialsRefusedId = 1801;

    [LoggerMessage(EventId = NotAcceptedId, EventName = "DigestNotAccepted", Level = LogLevel.Debug,
        Message = "{Method} from {Source} (user {User}) answered {Status}: {Why}{Suppressed}")]
    public static partial void NotAccepted(ILogger logger, string method, IPAddress source, string user, int status, string why, SuppressedLogs suppressed);

    [LoggerMessage(EventId = CredentialsRefusedId, EventName = "DigestCredentialsRefused", Level = LogLevel.Warning,
        Message = "{Method} from {Source}: digest credentials of user {User} refused with 401: {Why}{Suppressed}")]
    public static partial void CredentialsRefused(ILogger logger, string method, IPAddress source, string user, string why, SuppressedLogs suppressed);
}
