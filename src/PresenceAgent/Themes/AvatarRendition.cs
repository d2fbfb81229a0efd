using System.Security.Cryptography;

namespace PresenceAgent.Themes;

/// <summary>One served size of an avatar: a baseline JPEG without metadata, and its entity tag.</summary>
internal sealed class AvatarRendition
{
    private readonly byte[] _bytes;

    /// <param name="size">The size asked for (one of <see cref="AvatarSizes.All"/>).</param>
    /// <param name="side">The side in pixels: <paramref name="size"/>, or less when the picture is smaller (never enlarged).</param>
    /// <param name="bytes">The encoded JPEG.</param>
    public AvatarRendition(int size, int side, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Size = size;
        Side = side;
        _bytes = bytes;
        Hash = HashOf(bytes);
        ETag = "\"" + Hash + "\"";
    }

    public int Size { get; }

    public int Side { get; }

    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Lowercase hex of the first 16 bytes of the SHA-256 of <see cref="Bytes"/>: 128 bits, as Lync's photo hash carries.</summary>
    public string Hash { get; }

    /// <summary>Strong entity tag (RFC 9110 §8.8.3): the quoted <see cref="Hash"/>, so each size validates on its own.</summary>
    public string ETag { get; }

    private static string HashOf(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
