using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PresenceAgent.Testing;

/// <summary>
/// A throw-away PKI for TLS tests, made fresh in a temporary folder so no private key is ever committed: a test CA,
/// certificates it issues (agents and peers alike get serverAuth and clientAuth, as Lync server certificates do), and
/// files in the forms the configuration takes. A second CA stands for an issuer nobody trusts.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _strangerCa;

    public TestPki()
    {
        Folder = System.IO.Directory.CreateTempSubdirectory("presence-tls-").FullName;
        _ca = CreateCa("CN=PresenceAgent Test CA");
        _strangerCa = CreateCa("CN=Untrusted Test CA");
        TrustStorePath = Path.Combine(Folder, "ca.pem");
        File.WriteAllText(TrustStorePath, _ca.ExportCertificatePem());
    }

    public string Folder { get; }

    /// <summary>The test CA's certificate as a PEM bundle: the trust store to configure.</summary>
    public string TrustStorePath { get; }

    public X509Certificate2 Ca => _ca;

    /// <summary>A certificate with its key, issued by the test CA (or the untrusted one), naming <paramref name="dnsNames"/>.</summary>
    public X509Certificate2 Issue(string commonName, string[] dnsNames, bool trusted = true)
    {
        var issuer = trusted ? _ca : _strangerCa;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", null), new Oid("1.3.6.1.5.5.7.3.2", null)], false));
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(issuer, now.AddHours(-1), now.AddDays(1), RandomSerial());
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12, as the agent loads it: a key that SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes a PFX file (with the CA certificate after the leaf, as a chain) and returns its path.</summary>
    public string WritePfx(X509Certificate2 certificate, string fileName, string? password = null)
    {
        var path = Path.Combine(Folder, fileName);
        var collection = new X509Certificate2Collection { certificate, X509CertificateLoader.LoadCertificate(_ca.RawData) };
        File.WriteAllBytes(path, collection.Export(X509ContentType.Pkcs12, password)!);
        return path;
    }

    /// <summary>Writes a PEM certificate and its PEM (PKCS#8) key; returns both paths.</summary>
    public (string CertificatePath, string KeyPath) WritePem(X509Certificate2 certificate, string baseName)
    {
        var certificatePath = Path.Combine(Folder, baseName + ".crt");
        var keyPath = Path.Combine(Folder, baseName + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>Client options that trust only the test CA and check the server's name, as a careful peer does.</summary>
    public SslClientAuthenticationOptions ClientOptions(string targetHost, X509Certificate2? clientCertificate = null)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(_ca);
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            CertificateChainPolicy = policy,
            ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, null),
        };
    }

    /// <summary>Server options for a scripted TLS peer, requiring a client certificate from the test CA when asked.</summary>
    public SslServerAuthenticationOptions ServerOptions(X509Certificate2 certificate, bool requireClientCertificate)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(_ca);
        return new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = requireClientCertificate,
            CertificateChainPolicy = requireClientCertificate ? policy : null,
        };
    }

    public void Dispose()
    {
        _ca.Dispose();
        _strangerCa.Dispose();
        try
        {
            System.IO.Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaner; nothing secret outlives the test run in it.
        }
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }
}
