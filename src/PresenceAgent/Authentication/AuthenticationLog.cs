namespace PresenceAgent.Authentication;

/// <summary>
/// Authentication events of the host, ids 7400–7499; the stack logs refusals (DigestNotAccepted, DigestCredentialsRefused,
/// 1800s). Names are stable: dashboards filter on them. Peer text arrives cut and escaped.
/// </summary>
internal static partial class AuthenticationLog
{
    [LoggerMessage(EventId = 7400, EventName = "AuthenticationOn", Level = LogLevel.Information,
        Message = "Digest authentication of {Methods} from untrusted peers: realm {Realm}, algorithms {Algorithms}, {Users} users, nonces good for {Lifetime} s")]
    public static partial void On(ILogger logger, string methods, string realm, string algorithms, int users, int lifetime);

    [LoggerMessage(EventId = 7401, EventName = "RequestAuthenticated", Level = LogLevel.Debug,
        Message = "{Method} from {Source} (Call-ID {CallId}) authenticated as {Identity} (user {User})")]
    public static partial void Authenticated(ILogger logger, string method, string source, string callId, string identity, string user);
}
