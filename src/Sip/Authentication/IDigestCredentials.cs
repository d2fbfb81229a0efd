namespace PresenceAgent.Sip.Authentication;

/// <summary>Where <see cref="DigestAuthenticator"/> finds a user's secret: configuration, a directory, a database.</summary>
public interface IDigestCredentials
{
    /// <summary>
    /// The credential of <paramref name="username"/> (as the client sent it, compared exactly) in the authenticator's
    /// realm, or null when there is no such user. Called on a receive loop: answer from memory.
    /// </summary>
    DigestCredential? Find(string username);
}
