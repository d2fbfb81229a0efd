using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>The certificate and trust store files, as a host checks them before starting.</summary>
public sealed class SipTlsFilesTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void Pfx_without_a_private_key_is_refused()
    {
        var path = Path.Combine(_pki.Folder, "public-only.pfx");
        using (var publicOnly = X509CertificateLoader.LoadCertificate(_pki.Ca.RawData))
        {
            File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pkcs12));
        }

        Assert.Contains("no certificate with a private key", SipTlsFiles.CertificateProblem(new SipTlsOptions { CertificatePath = path }), StringComparison.Ordinal);
    }

    [Fact]
    public void Pem_without_a_key_path_says_so()
    {
        var (certificatePath, _) = _pki.WritePem(_pki.Issue("pa.test", ["pa.test"]), "agent");

        Assert.Contains("set KeyPath", SipTlsFiles.CertificateProblem(new SipTlsOptions { CertificatePath = certificatePath }), StringComparison.Ordinal);
    }

    [Fact]
    public void Pem_holding_certificate_and_key_in_one_file_loads()
    {
        var (certificatePath, keyPath) = _pki.WritePem(_pki.Issue("pa.test", ["pa.test"]), "agent");
        var combined = Path.Combine(_pki.Folder, "agent-combined.pem");
        File.WriteAllText(combined, File.ReadAllText(certificatePath) + "\n" + File.ReadAllText(keyPath));

        Assert.Null(SipTlsFiles.CertificateProblem(new SipTlsOptions { CertificatePath = combined, KeyPath = combined }));
    }

    [Fact]
    public void Encrypted_pem_key_needs_its_password()
    {
        using var certificate = _pki.Issue("pa.test", ["pa.test"]);
        var (certificatePath, _) = _pki.WritePem(certificate, "agent");
        var keyPath = Path.Combine(_pki.Folder, "agent-encrypted.key");
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(keyPath, key.ExportEncryptedPkcs8PrivateKeyPem("k3y-pass",
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        }

        var options = new SipTlsOptions { CertificatePath = certificatePath, KeyPath = keyPath };

        Assert.Null(SipTlsFiles.CertificateProblem(options with { Password = "k3y-pass" }));
        Assert.NotNull(SipTlsFiles.CertificateProblem(options));
        Assert.NotNull(SipTlsFiles.CertificateProblem(options with { Password = "wrong" }));
    }

    [Fact]
    public void Trust_store_with_a_root_passes_and_a_missing_one_is_refused()
    {
        Assert.Null(SipTlsFiles.TrustStoreProblem(new SipTlsOptions { TrustStorePath = _pki.TrustStorePath }));
        Assert.NotNull(SipTlsFiles.TrustStoreProblem(new SipTlsOptions { TrustStorePath = Path.Combine(_pki.Folder, "none.pem") }));
    }

    [Fact]
    public void Unset_paths_are_no_problem()
    {
        Assert.Null(SipTlsFiles.CertificateProblem(new SipTlsOptions()));
        Assert.Null(SipTlsFiles.TrustStoreProblem(new SipTlsOptions()));
    }
}
