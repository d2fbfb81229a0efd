namespace PresenceAgent.Sip.Authentication;

/// <summary>Why a request was not authenticated; <see cref="DigestFailures"/> is the one place that maps each to its answer and log.</summary>
internal enum DigestFailure
{
    None,

    /// <summary>No Digest credentials for our realm: the ordinary first request.</summary>
    NoCredentials,

    TooLong,
    Malformed,

    /// <summary>The digest-uri is not the Request-URI (RFC 7616 §3.4.6: 400).</summary>
    UriMismatch,

    /// <summary>An algorithm we did not offer (a -sess variant, SHA-512-256, an unknown one).</summary>
    AlgorithmNotOffered,

    /// <summary>No qop, or another than auth: without qop=auth there is no nonce-count and so no replay protection.</summary>
    QopNotAuth,

    /// <summary>userhash=true, which we never offer (RFC 7616 §3.4.4).</summary>
    UserHashNotOffered,

    /// <summary>The user's configured HA1 is for other algorithms than the one answered with.</summary>
    AlgorithmNotForUser,

    /// <summary>Not a nonce we issued to this source: forged, altered, from before a restart, or from another address.</summary>
    NonceNotIssued,

    /// <summary>An unknown user or a wrong response, told apart nowhere.</summary>
    WrongCredentials,

    /// <summary>A nonce-count not above one seen before for the nonce.</summary>
    Replayed,

    /// <summary>A correct answer with a nonce past its lifetime.</summary>
    NonceExpired,

    /// <summary>A correct answer with a nonce whose counts the bounded table let go.</summary>
    NonceForgotten,
}
