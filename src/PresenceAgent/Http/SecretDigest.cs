using System.Security.Cryptography;
using System.Text;

namespace PresenceAgent.Http;

/// <summary>
/// A configured secret (a bearer token) kept as its SHA-256 digest. Presented secrets are hashed and compared in
/// constant time, so timing reveals neither the secret's bytes nor its length.
/// </summary>
internal sealed class SecretDigest
{
    private readonly byte[] _digest;

    public SecretDigest(string secret) => _digest = Hash(secret);

    public bool Matches(ReadOnlySpan<char> presented) => CryptographicOperations.FixedTimeEquals(Hash(presented), _digest);

    private static byte[] Hash(ReadOnlySpan<char> text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        Encoding.UTF8.GetBytes(text, bytes);
        return SHA256.HashData(bytes);
    }
}
