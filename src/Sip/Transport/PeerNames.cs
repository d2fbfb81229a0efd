using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PresenceAgent.Sip.Transport;

/// <summary>The host names a peer's certificate presents, and how they match a configured name (RFC 6125 §6.4).</summary>
internal static class PeerNames
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";

    /// <summary>
    /// The subjectAltName DNS names; the subject's (last) common name only when there are none, as RFC 6125 §6.4.4
    /// allows. Empty when the certificate names no host, or its subjectAltName cannot be read.
    /// </summary>
    public static IReadOnlyList<string> Of(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                names.AddRange(new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical).EnumerateDnsNames());
            }
            catch (CryptographicException)
            {
                // A malformed extension names nothing we could trust.
                return [];
            }
        }

        if (names.Count > 0)
        {
            return names;
        }

        string? commonName = null;
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid)
            {
                commonName = rdn.GetSingleElementValue();
            }
        }

        return commonName is null ? [] : [commonName];
    }

    /// <summary>
    /// Whether a certificate name covers <paramref name="host"/>: equal ignoring case and a trailing dot, or a
    /// <c>*.</c> wildcard standing for exactly one whole first label (RFC 6125 §6.4.3; no partial-label wildcards).
    /// </summary>
    public static bool Matches(string presented, string host)
    {
        var p = presented.AsSpan().TrimEnd('.');
        var h = host.AsSpan().TrimEnd('.');
        if (p.StartsWith("*.", StringComparison.Ordinal))
        {
            // At least two labels under the wildcard: "*.com" covers nothing.
            var dot = h.IndexOf('.');
            return dot > 0 && p[2..].Contains('.') && p[1..].Equals(h[dot..], StringComparison.OrdinalIgnoreCase);
        }

        return p.Length > 0 && p.Equals(h, StringComparison.OrdinalIgnoreCase);
    }
}
