using System.Text;

namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// What verifies one user's answers: HA1 = H(username ":" realm ":" password) per algorithm (RFC 7616 §3.4.2), kept as
/// the lowercase hex the response hash takes, and the identity a request that proves it is known by. Built once per
/// user, so a request that authenticates allocates no identity.
/// </summary>
public sealed class DigestCredential
{
    private readonly byte[]? _sha256;
    private readonly byte[]? _md5;

    private DigestCredential(string identity, byte[]? sha256, byte[]? md5)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        Identity = identity;
        _sha256 = sha256;
        _md5 = md5;
    }

    /// <summary>Who a request that proves this credential comes from: <c>user@realm</c>, or the address of record the user stands for.</summary>
    public string Identity { get; }

    /// <summary>A credential for every algorithm, from the password (UTF-8, as RFC 7616 §3.4.4 says of username and password).</summary>
    public static DigestCredential FromPassword(string username, string realm, string password, string identity)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        var a1 = Encoding.UTF8.GetBytes($"{username}:{realm}:{password}");
        return new DigestCredential(identity, DigestHash.HexOf(DigestAlgorithm.Sha256, a1), DigestHash.HexOf(DigestAlgorithm.Md5, a1));
    }

    /// <summary>
    /// A credential from precomputed HA1 values (hex, either case), so the password itself is kept nowhere; an algorithm
    /// whose HA1 is null cannot be answered with. Throws <see cref="ArgumentException"/> for a value that is not the
    /// algorithm's hash length in hex, or when both are null.
    /// </summary>
    public static DigestCredential FromHa1(string? sha256Ha1, string? md5Ha1, string identity)
    {
        if (sha256Ha1 is null && md5Ha1 is null)
        {
            throw new ArgumentException("Give the HA1 of at least one algorithm.", nameof(sha256Ha1));
        }

        return new DigestCredential(identity, Ha1Bytes(DigestAlgorithm.Sha256, sha256Ha1, nameof(sha256Ha1)), Ha1Bytes(DigestAlgorithm.Md5, md5Ha1, nameof(md5Ha1)));
    }

    /// <summary>Whether an answer with <paramref name="algorithm"/> can be checked.</summary>
    public bool Supports(DigestAlgorithm algorithm) => Ha1(algorithm) is not null;

    internal byte[]? Ha1(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? _sha256 : _md5;

    private static byte[]? Ha1Bytes(DigestAlgorithm algorithm, string? hex, string parameter)
    {
        if (hex is null)
        {
            return null;
        }

        if (hex.Length != DigestHash.HexLength(algorithm) || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"An {DigestAlgorithmNames.Of(algorithm)} HA1 is {DigestHash.HexLength(algorithm)} hex digits.", parameter);
        }

        return Encoding.ASCII.GetBytes(hex.ToLowerInvariant());
    }
}
