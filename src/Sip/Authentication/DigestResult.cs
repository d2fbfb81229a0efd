using System.Diagnostics.CodeAnalysis;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Authentication;

/// <summary>The outcome of <see cref="DigestAuthenticator.Authenticate(Core.IncomingRequest)"/>: an identity, or the response to send instead.</summary>
public readonly struct DigestResult
{
    private DigestResult(string? identity, string? username, SipResponse? refusal)
    {
        Identity = identity;
        Username = username;
        Refusal = refusal;
    }

    /// <summary>Who the request proved to come from (<see cref="DigestCredential.Identity"/>); null when refused.</summary>
    public string? Identity { get; }

    /// <summary>The user name the credentials gave; null when refused.</summary>
    public string? Username { get; }

    /// <summary>The 401 with fresh challenges, or the 400, to answer the request with; null when authenticated.</summary>
    public SipResponse? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Identity), nameof(Username))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Authenticated => Identity is not null;

    internal static DigestResult Success(string identity, string username) => new(identity, username, null);

    internal static DigestResult Refused(SipResponse response) => new(null, null, response);
}
