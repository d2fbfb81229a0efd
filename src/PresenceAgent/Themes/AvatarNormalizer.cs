using System.Diagnostics.CodeAnalysis;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Processing;

namespace PresenceAgent.Themes;

/// <summary>
/// Turns a designer's JPEG or PNG into the avatars watchers fetch: the EXIF orientation applied, a centred square, each
/// size of <see cref="AvatarSizes.All"/> (never enlarged), re-encoded as baseline JPEG with no metadata at all, so no
/// GPS position or camera serial from a designer's phone reaches watchers. ImageSharp 2.1 has had advisories for
/// crafted images, so nothing is decoded before the checks that need only the header: the format (JPEG and PNG are the
/// only decoders configured), the pixel count, and that the data reaches the image's end.
/// </summary>
internal sealed class AvatarNormalizer
{
    /// <summary>Photos at 85 are indistinguishable from the original at these sizes; a 96 px avatar is about 4 KB.</summary>
    private const int JpegQuality = 85;

    private static readonly JpegEncoder Encoder = new() { Quality = JpegQuality, ColorType = JpegColorType.YCbCrRatio420 };

    private readonly SixLabors.ImageSharp.Configuration _configuration;

    /// <param name="maxPixels">Themes:MaxAvatarPixels: larger pictures are refused from their header.</param>
    public AvatarNormalizer(int maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
        MaxPixels = maxPixels;
        _configuration = new SixLabors.ImageSharp.Configuration(new JpegConfigurationModule(), new PngConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                // A backstop behind the pixel check: no buffer beyond what the largest allowed picture needs at
                // 8 bytes a pixel (a 16-bit RGBA PNG), plus room for the decoder's own tables.
                AllocationLimitMegabytes = (int)Math.Min(int.MaxValue, ((long)maxPixels * 8 >> 20) + 64),
                // A picture is decoded once per change: keep no pool of its size afterwards.
                MaximumPoolSizeMegabytes = 8,
            }),
            // The SIP side shares the box's cores; a designer's picture can wait a few hundred milliseconds.
            MaxDegreeOfParallelism = 1,
        };
    }

    public int MaxPixels { get; }

    /// <summary>The renditions of <paramref name="data"/>; false with the fault and a readable reason when it is refused.</summary>
    public bool TryNormalize(byte[] data, [NotNullWhen(true)] out NormalizedAvatar? avatar, out AvatarFault fault, out string reason)
    {
        ArgumentNullException.ThrowIfNull(data);
        avatar = null;
        if (data.Length == 0)
        {
            return Refuse(AvatarFault.Empty, "the file is empty", out fault, out reason);
        }

        if (Image.DetectFormat(_configuration, data) is not { } format)
        {
            return Refuse(AvatarFault.UnsupportedFormat, "neither a JPEG nor a PNG, whatever its name says", out fault, out reason);
        }

        try
        {
            if (Image.Identify(_configuration, data, out _) is not { } info || info.Width <= 0 || info.Height <= 0)
            {
                return Refuse(AvatarFault.Corrupt, $"the {format.Name} header gives no picture size", out fault, out reason);
            }

            var pixels = (long)info.Width * info.Height;
            if (pixels > MaxPixels)
            {
                return Refuse(AvatarFault.TooManyPixels,
                    $"the {format.Name} header says {info.Width}x{info.Height} ({pixels} pixels); the limit is {MaxPixels} (Themes:MaxAvatarPixels)",
                    out fault, out reason);
            }

            var complete = format is JpegFormat ? ImageEnd.JpegReachesEnd(data) : ImageEnd.PngReachesEnd(data);
            if (!complete)
            {
                return Refuse(AvatarFault.Truncated, $"the {format.Name} data ends before the picture does (a copy not finished?)", out fault, out reason);
            }

            using var image = Image.Load(_configuration, data);
            avatar = new NormalizedAvatar(format.Name, info.Width, info.Height, Render(image, format));
            fault = AvatarFault.None;
            reason = string.Empty;
            return true;
        }
        catch (InvalidMemoryOperationException ex)
        {
            return Refuse(AvatarFault.Corrupt, $"decoding it needs more memory than Themes:MaxAvatarPixels allows: {ex.Message}", out fault, out reason);
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or ImageProcessingException)
        {
            return Refuse(AvatarFault.Corrupt, $"the {format.Name} decoder refused it: {ex.Message}", out fault, out reason);
        }
        catch (Exception ex)
        {
            // Crafted input has broken decoders in ways they do not report as bad data (ImageSharp's advisories): such a
            // file is a refused picture like any other, never the end of start-up or of the themes watcher.
            return Refuse(AvatarFault.Corrupt, $"the {format.Name} decoder failed ({ex.GetType().Name}: {ex.Message})", out fault, out reason);
        }
        finally
        {
            _configuration.MemoryAllocator.ReleaseRetainedResources();
        }
    }

    private static AvatarRendition[] Render(Image image, IImageFormat format)
    {
        var side = Math.Min(image.Width, image.Height);
        var largest = Math.Min(AvatarSizes.Card, side);

        // A centred square and the EXIF orientation commute (each orientation turns or mirrors about the centre), so the
        // picture is cut and shrunk in one pass first and turned last, on a few hundred pixels rather than millions.
        image.Mutate(x =>
        {
            x.Resize(new ResizeOptions { Size = new Size(largest, largest), Mode = ResizeMode.Crop, Position = AnchorPositionMode.Center });
            x.AutoOrient();
            if (format is PngFormat)
            {
                // JPEG has no transparency: transparent parts show white, as they did on the page the designer saw.
                x.BackgroundColor(Color.White);
            }
        });
        StripMetadata(image);

        var renditions = new AvatarRendition[AvatarSizes.All.Count];
        for (var i = 0; i < renditions.Length; i++)
        {
            var size = AvatarSizes.All[i];
            var target = Math.Min(size, largest);
            if (target == largest)
            {
                renditions[i] = new AvatarRendition(size, target, Encode(image));
                continue;
            }

            using var smaller = image.Clone(x => x.Resize(target, target));
            renditions[i] = new AvatarRendition(size, target, Encode(smaller));
        }

        return renditions;
    }

    /// <summary>Every profile the JPEG encoder would write (EXIF with GPS and camera data, ICC, IPTC, XMP), on the image and its frames.</summary>
    private static void StripMetadata(Image image)
    {
        image.Metadata.ExifProfile = null;
        image.Metadata.IccProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.XmpProfile = null;
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.IccProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.XmpProfile = null;
        }
    }

    private static byte[] Encode(Image image)
    {
        using var buffer = new MemoryStream();
        image.Save(buffer, Encoder);
        return buffer.ToArray();
    }

    private static bool Refuse(AvatarFault why, string message, out AvatarFault fault, out string reason)
    {
        fault = why;
        reason = message;
        return false;
    }
}
