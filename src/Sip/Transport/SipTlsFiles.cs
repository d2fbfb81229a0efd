using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Reads the files <see cref="SipTlsOptions"/> names. The stack loads them at start and on reload; a host checks them
/// with the public methods before starting, so a wrong password or a missing key is a configuration error, not a
/// failed start.
/// </summary>
public static class SipTlsFiles
{
    /// <summary>Why <see cref="SipTlsOptions.CertificatePath"/> cannot be used, or null when it loads with a private key.</summary>
    public static string? CertificateProblem(SipTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CertificatePath is null)
        {
            return null;
        }

        try
        {
            var (leaf, chain) = ParseCertificate(ReadCertificate(options), options.Password);
            leaf.Dispose();
            foreach (var c in chain)
            {
                c.Dispose();
            }

            return null;
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            return ex.Message;
        }
    }

    /// <summary>Why <see cref="SipTlsOptions.TrustStorePath"/> cannot be used, or null when it holds a root CA certificate.</summary>
    public static string? TrustStoreProblem(SipTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrustStorePath is null)
        {
            return null;
        }

        try
        {
            foreach (var c in ReadTrustStore(options.TrustStorePath))
            {
                c.Dispose();
            }

            return null;
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            return ex.Message;
        }
    }

    /// <summary>What reading or parsing a certificate file throws for a bad file; anything else is a bug.</summary>
    internal static bool IsFileProblem(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or CryptographicException or InvalidDataException or ArgumentException;

    /// <summary>The certificate file, and the key file for PEM, read once so the bytes parsed are the bytes compared on reload.</summary>
    internal static CertificateFiles ReadCertificate(SipTlsOptions options) =>
        new(File.ReadAllBytes(options.CertificatePath!), options.KeyPath is { } key ? File.ReadAllBytes(key) : null);

    /// <summary>
    /// The certificate with its private key, and the other certificates of the file (intermediates to send along).
    /// Throws <see cref="CryptographicException"/> or <see cref="InvalidDataException"/> for a file that is not one.
    /// </summary>
    internal static (X509Certificate2 Leaf, X509Certificate2Collection Chain) ParseCertificate(CertificateFiles files, string? password)
    {
        if (files.Key is null)
        {
            if (files.Certificate.AsSpan().StartsWith("-----BEGIN"u8))
            {
                // The PKCS#12 reader would only say "ASN1 corrupted data".
                throw new InvalidDataException("the file is PEM, not PFX: set KeyPath to its private key (this same file if the key is in it)");
            }

            var all = X509CertificateLoader.LoadPkcs12Collection(files.Certificate, password);
            var leaf = all.FirstOrDefault(c => c.HasPrivateKey);
            if (leaf is null)
            {
                foreach (var c in all)
                {
                    c.Dispose();
                }

                throw new InvalidDataException("the PFX file has no certificate with a private key");
            }

            all.Remove(leaf);
            return (leaf, all);
        }

        var certificatePem = Encoding.ASCII.GetString(files.Certificate);
        var keyPem = Encoding.ASCII.GetString(files.Key);
        var pem = password is null
            ? X509Certificate2.CreateFromPem(certificatePem, keyPem)
            : X509Certificate2.CreateFromEncryptedPem(certificatePem, keyPem, password);
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use the ephemeral key a PEM import gives; a PKCS#12 round trip stores it.
            var ephemeral = pem;
            pem = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            ephemeral.Dispose();
        }

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificatePem);
        var first = chain[0];
        chain.RemoveAt(0);
        first.Dispose();
        return (pem, chain);
    }

    /// <summary>
    /// Every certificate of a PEM bundle; throws <see cref="InvalidDataException"/> when none is a root (self-issued):
    /// an intermediate alone cannot anchor a chain.
    /// </summary>
    internal static X509Certificate2Collection ReadTrustStore(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        if (!certificates.Any(IsRoot))
        {
            foreach (var c in certificates)
            {
                c.Dispose();
            }

            throw new InvalidDataException("the file has no root CA certificate in PEM (-----BEGIN CERTIFICATE-----, subject equal to issuer)");
        }

        return certificates;
    }

    internal static bool IsRoot(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    internal sealed record CertificateFiles(byte[] Certificate, byte[]? Key);
}
