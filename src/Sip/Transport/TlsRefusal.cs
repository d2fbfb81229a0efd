namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Why a TLS peer's certificate is refused: the kind, which log sampling keeps apart (a peer fixing one fault may show
/// the next, which the operator should see at once), and the text logged, any peer text in it sanitized.
/// </summary>
internal readonly record struct TlsRefusal(TlsRefusalKind Kind, string Reason)
{
    public override string ToString() => Reason;
}

internal enum TlsRefusalKind
{
    NoCertificate,
    UntrustedChain,
    NameNotAllowed,
    NameMismatch,
}
