namespace PresenceAgent.Sip.Telemetry;

/// <summary>How a TLS handshake ended, as <see cref="SipMetrics"/> counts it.</summary>
internal enum TlsHandshakeResult
{
    Ok,

    /// <summary>Not finished within Sip:Tls:HandshakeTimeout.</summary>
    Timeout,

    /// <summary>Any other failure: a peer speaking something else, a protocol or I/O error, a close during it.</summary>
    Failed,

    // The certificate checks' refusals, one each (Transport.TlsRefusalKind).
    NoCertificate,
    UntrustedChain,
    NameNotAllowed,
    NameMismatch,
}
