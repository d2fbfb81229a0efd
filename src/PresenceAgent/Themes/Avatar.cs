using System.Globalization;

namespace PresenceAgent.Themes;

/// <summary>
/// One theme's avatar: the designer's picture, normalized once into every size of <see cref="AvatarSizes.All"/> and
/// then served from memory. Immutable; a changed picture is a new instance.
/// </summary>
internal sealed class Avatar
{
    private readonly AvatarRendition[] _renditions;

    /// <param name="theme">The theme's name as its folder spells it.</param>
    /// <param name="path">The file the picture came from, for logs.</param>
    /// <param name="image">What the file held: its format and size, and the renditions made from it.</param>
    /// <param name="lastModified">The file's last write time.</param>
    public Avatar(string theme, string path, NormalizedAvatar image, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(image);
        Theme = theme;
        Path = path;
        Format = image.Format;
        Width = image.Width;
        Height = image.Height;
        _renditions = [.. image.Renditions];
        Default = Rendition(AvatarSizes.Default);
        Hash = Default.Hash;
        // HTTP dates have whole seconds (RFC 9110 §5.6.7); keep the value the header will show.
        LastModified = new DateTimeOffset(lastModified.UtcTicks - (lastModified.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        LastModifiedHeader = LastModified.ToString("R", CultureInfo.InvariantCulture);
    }

    public string Theme { get; }

    /// <summary>The file the picture came from, for logs.</summary>
    public string Path { get; }

    /// <summary>"JPEG" or "PNG": what the file was.</summary>
    public string Format { get; }

    /// <summary>The designer's picture's width, as stored (before its EXIF orientation).</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>Every served size, smallest first.</summary>
    public IReadOnlyList<AvatarRendition> Renditions => _renditions;

    /// <summary>The <see cref="AvatarSizes.Default"/> rendition: what the link in presence documents serves.</summary>
    public AvatarRendition Default { get; }

    /// <summary>
    /// The hash of the <see cref="Default"/> rendition, which the link in presence documents serves: it doubles as the
    /// photo hash Lync contact cards carry (Lync fetches the picture again when it changes) and is that URL's ETag.
    /// </summary>
    public string Hash { get; }

    public DateTimeOffset LastModified { get; }

    /// <summary><see cref="LastModified"/> as an IMF-fixdate, ready for the header.</summary>
    public string LastModifiedHeader { get; }

    /// <summary>Whether every size of <paramref name="other"/> is byte for byte this one's: the same picture, saved again.</summary>
    public bool SamePictureAs(Avatar other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _renditions.Length == other._renditions.Length &&
            _renditions.Zip(other._renditions).All(p => p.First.Size == p.Second.Size && p.First.Hash == p.Second.Hash);
    }

    /// <summary>The rendition of <paramref name="size"/>, one of <see cref="AvatarSizes.All"/>.</summary>
    public AvatarRendition Rendition(int size) =>
        Array.Find(_renditions, r => r.Size == size) ?? throw new ArgumentOutOfRangeException(nameof(size), size, "not an avatar size");
}
