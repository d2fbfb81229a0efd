namespace PresenceAgent.Sip.Transport;

/// <summary>
/// TLS for <see cref="TransportProtocol.Tls"/> listeners and for requests the stack sends to <c>sips:</c> or
/// <c>;transport=tls</c> targets. Lync and Skype for Business servers talk to other servers over mutual TLS
/// (reference §6.12): both sides present a certificate from a CA the other trusts.
/// </summary>
public sealed record SipTlsOptions
{
    /// <summary>
    /// Our certificate: a PKCS#12 (PFX) file with its private key, or, with <see cref="KeyPath"/>, a PEM certificate.
    /// Intermediate CA certificates in the same file are sent along. Required for a Tls listener; without one, requests
    /// we send over TLS present no certificate. Reloaded when the files change.
    /// </summary>
    public string? CertificatePath { get; init; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string? Password { get; init; }

    /// <summary>Peers connecting to a Tls listener must present a certificate that chains to a trusted root.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>
    /// With <see cref="RequireClientCertificate"/>, only certificates naming one of these hosts are accepted (the
    /// subjectAltName DNS names, or the subject CN when there are none; case-insensitive; a certificate may use a
    /// <c>*.</c> wildcard for the first label). Empty accepts any trusted certificate.
    /// </summary>
    public IReadOnlyList<string> AllowedPeerNames { get; init; } = [];

    /// <summary>
    /// A PEM file of CA certificates that peers' certificates must chain to, instead of the system store: for
    /// client certificates on Tls listeners and for server certificates of TLS targets. Read at start.
    /// </summary>
    public string? TrustStorePath { get; init; }

    /// <summary>
    /// How long a TLS handshake may take before the connection is closed. Default 10 s, Kestrel's HTTPS default: a peer
    /// that connects and stays silent holds a connection slot no longer than that.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
