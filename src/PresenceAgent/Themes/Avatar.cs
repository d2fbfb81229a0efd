using System.Globalization;

namespace PresenceAgent.Themes;

/// <summary>One theme's avatar, read and checked once at start and then served from memory.</summary>
internal sealed class Avatar
{
    private readonly byte[] _bytes;

    public Avatar(string theme, string path, byte[] bytes, int width, int height, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Theme = theme;
        Path = path;
        _bytes = bytes;
        Width = width;
        Height = height;
        // HTTP dates have whole seconds (RFC 9110 §5.6.7); keep the value the header will show.
        LastModified = new DateTimeOffset(lastModified.UtcTicks - (lastModified.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        LastModifiedHeader = LastModified.ToString("R", CultureInfo.InvariantCulture);
        Hash = ComputeHash(bytes);
        ETag = "\"" + Hash + "\"";
    }

    public string Theme { get; }

    /// <summary>The file the bytes came from, for logs.</summary>
    public string Path { get; }

    public ReadOnlyMemory<byte> Bytes => _bytes;

    public int Width { get; }

    public int Height { get; }

    /// <summary>
    /// Lowercase hex of the first 16 bytes of the SHA-256 of the bytes: changes whenever the
    /// picture does, so it doubles as the photo hash Lync contact cards carry.
    /// </summary>
    public string Hash { get; }

    /// <summary>Strong entity tag (RFC 9110 §8.8.3): the quoted <see cref="Hash"/>.</summary>
    public string ETag { get; }

    public DateTimeOffset LastModified { get; }

    /// <summary><see cref="LastModified"/> as an IMF-fixdate, ready for the header.</summary>
    public string LastModifiedHeader { get; }

    private static string ComputeHash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[System.Security.Cryptography.SHA256.HashSizeInBytes];
        System.Security.Cryptography.SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
