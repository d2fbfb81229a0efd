using System.Text;

namespace PresenceAgent.Sip.Authentication;

/// <summary>The names of the digest algorithms on the wire and in configuration (RFC 7616 §6.1, IANA "HTTP Digest Algorithm Values").</summary>
public static class DigestAlgorithmNames
{
    public const string Sha256 = "SHA-256";

    public const string Md5 = "MD5";

    public static string Of(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => Sha256,
        DigestAlgorithm.Md5 => Md5,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>Reads an algorithm name, ignoring case (RFC 7616 §3.3: the token is case-insensitive).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out DigestAlgorithm algorithm)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (name.Length > bytes.Length || !Ascii.IsValid(name))
        {
            algorithm = default;
            return false;
        }

        return TryParse(bytes[..Encoding.ASCII.GetBytes(name, bytes)], out algorithm);
    }

    internal static bool TryParse(ReadOnlySpan<byte> name, out DigestAlgorithm algorithm)
    {
        if (Ascii.EqualsIgnoreCase(name, "SHA-256"u8))
        {
            algorithm = DigestAlgorithm.Sha256;
            return true;
        }

        algorithm = DigestAlgorithm.Md5;
        return Ascii.EqualsIgnoreCase(name, "MD5"u8);
    }
}
