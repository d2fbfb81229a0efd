using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// What TLS connections share: our certificate (kept current by <see cref="TlsCertificateStore"/>), the roots peers'
/// certificates must chain to, and the checks of a peer, which return the reason for a refusal so it can be logged.
/// </summary>
internal sealed class SipTlsContext : IDisposable
{
    // TLS 1.0 and 1.1 are deprecated (RFC 8996); every Lync 2013 / Skype for Business server speaks TLS 1.2.
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly Oid s_serverAuth = new("1.3.6.1.5.5.7.3.1", null);
    private static readonly Oid s_clientAuth = new("1.3.6.1.5.5.7.3.2", null);

    private readonly SipTlsOptions _options;
    private readonly TlsCertificateStore? _certificate;
    private readonly X509Certificate2Collection? _roots;
    private readonly X509Certificate2Collection _intermediates;

    private SipTlsContext(SipTlsOptions options, TlsCertificateStore? certificate, X509Certificate2Collection? roots, X509Certificate2Collection intermediates)
    {
        _options = options;
        _certificate = certificate;
        _roots = roots;
        _intermediates = intermediates;
    }

    public TimeSpan HandshakeTimeout => _options.HandshakeTimeout;

    public bool HasCertificate => _certificate is not null;

    /// <summary>Our certificate for new handshakes, with its intermediates; null without one.</summary>
    public SslStreamCertificateContext? Certificate => _certificate?.Current;

    /// <summary>Reads the trust store and our certificate; throws <see cref="InvalidOperationException"/> naming a file that cannot be used.</summary>
    public static SipTlsContext Create(SipTlsOptions options, TimeProvider time, ILogger logger)
    {
        X509Certificate2Collection? roots = null;
        var intermediates = new X509Certificate2Collection();
        if (options.TrustStorePath is { } path)
        {
            X509Certificate2Collection all;
            try
            {
                all = SipTlsFiles.ReadTrustStore(path);
            }
            catch (Exception ex) when (SipTlsFiles.IsFileProblem(ex))
            {
                throw new InvalidOperationException($"Cannot use the TLS trust store {path}: {ex.Message}", ex);
            }

            // Roots anchor chains; intermediates in the bundle only help build them.
            roots = [];
            foreach (var c in all)
            {
                (SipTlsFiles.IsRoot(c) ? roots : intermediates).Add(c);
            }
        }

        var certificate = options.CertificatePath is null ? null : TlsCertificateStore.Load(options, time, logger);
        return new SipTlsContext(options, certificate, roots, intermediates);
    }

    public void Dispose() => _certificate?.Dispose();

    /// <summary>For an accepted connection; only called on Tls listeners, which start only with a certificate.</summary>
    public SslServerAuthenticationOptions ServerOptions(RemoteCertificateValidationCallback validate)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _certificate!.Current,
            EnabledSslProtocols = Protocols,

            // Client-initiated renegotiation (TLS 1.2) gives a peer nothing and costs us a handshake each time.
            AllowRenegotiation = false,
        };
        if (_options.RequireClientCertificate)
        {
            options.ClientCertificateRequired = true;
            options.CertificateChainPolicy = Policy(s_clientAuth);
            options.RemoteCertificateValidationCallback = validate;
        }

        return options;
    }

    /// <summary>For a connection we open to <paramref name="targetHost"/>: sent as SNI and checked against its certificate.</summary>
    public SslClientAuthenticationOptions ClientOptions(string targetHost, RemoteCertificateValidationCallback validate) => new()
    {
        TargetHost = targetHost,
        EnabledSslProtocols = Protocols,

        // Presented when the server asks: Lync servers require a certificate from other servers (reference §6.12).
        ClientCertificateContext = _certificate?.Current,
        CertificateChainPolicy = Policy(s_serverAuth),
        RemoteCertificateValidationCallback = validate,
    };

    /// <summary>Why a client certificate is refused, or null when it is accepted.</summary>
    public TlsRefusal? CheckClient(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (ChainRefusal(certificate, chain, errors) is { } refusal)
        {
            return refusal;
        }

        if (_options.AllowedPeerNames.Count == 0)
        {
            return null;
        }

        var names = PeerNames.Of(AsCertificate2(certificate!));
        foreach (var name in names)
        {
            foreach (var allowed in _options.AllowedPeerNames)
            {
                if (PeerNames.Matches(name, allowed))
                {
                    return null;
                }
            }
        }

        return new TlsRefusal(TlsRefusalKind.NameNotAllowed, names.Count == 0
            ? "name not allowed (the certificate names no host)"
            : $"name not allowed ({SipFailure.Sanitize(string.Join(", ", names))})");
    }

    /// <summary>Why the certificate of <paramref name="targetHost"/> is refused, or null when it is accepted.</summary>
    public static TlsRefusal? CheckServer(string targetHost, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        ChainRefusal(certificate, chain, errors) ??
        ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0
            ? new TlsRefusal(TlsRefusalKind.NameMismatch, $"the certificate does not name {SipFailure.Sanitize(targetHost)}")
            : null);

    private static TlsRefusal? ChainRefusal(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return new TlsRefusal(TlsRefusalKind.NoCertificate, "no certificate");
        }

        return (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0
            ? new TlsRefusal(TlsRefusalKind.UntrustedChain, $"untrusted chain ({ChainProblems(chain)})")
            : null;
    }

    /// <summary>A fresh policy per handshake: SslStream keeps it on the chain it builds, and may add to it.</summary>
    private X509ChainPolicy Policy(Oid purpose)
    {
        // Revocation is not checked, as SslStream does not by default: a CRL or OCSP fetch would put the CA's web
        // servers in every handshake's path.
        var policy = new X509ChainPolicy { RevocationMode = X509RevocationMode.NoCheck };
        policy.ApplicationPolicy.Add(purpose);
        if (_roots is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(_roots);
            policy.ExtraStore.AddRange(_intermediates);
        }

        return policy;
    }

    private static string ChainProblems(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain"
            : string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());

    internal static X509Certificate2 AsCertificate2(X509Certificate certificate) =>
        certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
}
