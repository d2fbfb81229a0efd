namespace PresenceAgent.Sip.Authentication;

/// <summary>What each <see cref="DigestFailure"/> is answered with and how it is logged.</summary>
internal static class DigestFailures
{
    /// <summary>400 for a request that breaks the rules (RFC 7616 §3.4.6 for the uri), else 401 with fresh challenges.</summary>
    public static int StatusOf(DigestFailure failure) =>
        failure is DigestFailure.TooLong or DigestFailure.Malformed or DigestFailure.UriMismatch ? 400 : 401;

    /// <summary>
    /// stale=true only for an answer that was correct but for its nonce (RFC 7616 §3.3): the client may retry with the
    /// new nonce without asking its user again.
    /// </summary>
    public static bool IsStale(DigestFailure failure) => failure is DigestFailure.NonceExpired or DigestFailure.NonceForgotten;

    /// <summary>
    /// Failures that look like someone trying credentials or replaying them: Warning, as an admin wants to see them
    /// (sampled per source, so a peer cannot flood the log). The rest are a client's misunderstanding or the ordinary
    /// nonce turnover: Debug.
    /// </summary>
    public static bool IsCredentialFault(DigestFailure failure) =>
        failure is DigestFailure.WrongCredentials or DigestFailure.Replayed or DigestFailure.NonceNotIssued;

    /// <summary>The reason phrase: an unknown user and a wrong password read the same, so neither tells which users exist.</summary>
    public static string ReasonOf(DigestFailure failure, string? detail) => failure switch
    {
        DigestFailure.NoCredentials => "Unauthorized",
        DigestFailure.TooLong => $"Bad Request (Authorization over {detail} bytes)",
        DigestFailure.Malformed => $"Bad Request (malformed Authorization: {detail})",
        DigestFailure.UriMismatch => "Bad Request (digest uri is not the Request-URI)",
        DigestFailure.AlgorithmNotOffered => "Unauthorized (algorithm not offered)",
        DigestFailure.QopNotAuth => "Unauthorized (qop=auth required)",
        DigestFailure.UserHashNotOffered => "Unauthorized (userhash not offered)",
        DigestFailure.AlgorithmNotForUser => "Unauthorized (use an algorithm offered here)",
        DigestFailure.NonceNotIssued => "Unauthorized (nonce not issued to this address)",
        DigestFailure.WrongCredentials => "Unauthorized (credentials refused)",
        DigestFailure.Replayed => "Unauthorized (nonce count not increased)",
        DigestFailure.NonceExpired or DigestFailure.NonceForgotten => "Unauthorized (nonce expired)",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };

    /// <summary>What the log says, for an admin reading it.</summary>
    public static string Describe(DigestFailure failure, string? detail) => failure switch
    {
        DigestFailure.TooLong => $"Authorization over {detail} bytes",
        DigestFailure.Malformed => $"malformed Authorization: {detail}",
        DigestFailure.UriMismatch => "the digest uri is not the Request-URI",
        DigestFailure.AlgorithmNotOffered => "an algorithm not offered",
        DigestFailure.QopNotAuth => "no qop=auth",
        DigestFailure.UserHashNotOffered => "userhash, which is not offered",
        DigestFailure.AlgorithmNotForUser => "an algorithm the user has no HA1 for; challenged with the user's",
        DigestFailure.NonceNotIssued => "a nonce not issued to this address (forged, from before a restart, or sent from another address)",
        DigestFailure.WrongCredentials => "unknown user or wrong password",
        DigestFailure.Replayed => "a nonce count already seen (a replay)",
        DigestFailure.NonceExpired => "the nonce expired; challenged with stale=true",
        DigestFailure.NonceForgotten => "the nonce's counts were let go (MaxTrackedNonces); challenged with stale=true",
        _ => failure.ToString(),
    };
}
