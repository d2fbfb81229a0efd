namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// What checking a request's credentials found: the credential it proved, or why not; with the user name the answer
/// gave (for the log) and, for a malformed one, what was wrong.
/// </summary>
internal readonly record struct DigestVerdict(DigestFailure Failure, DigestCredential? Credential = null, string? Username = null, string? Detail = null)
{
    public static DigestVerdict Authenticated(DigestCredential credential, string username) => new(DigestFailure.None, credential, username);
}
