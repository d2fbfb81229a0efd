using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;
using SixLabors.ImageSharp.PixelFormats;

namespace PresenceAgent.Tests.Support;

/// <summary>
/// Pictures made at test time, as a designer's tools would write them, and hostile ones as no tool would. Linked into
/// the end-to-end tests too.
/// </summary>
internal static class TestImages
{
    public static readonly Rgb24 Red = new(230, 20, 20);
    public static readonly Rgb24 Blue = new(20, 20, 230);
    public static readonly Rgb24 Green = new(20, 200, 20);

    /// <summary>A JPEG whose left half is <paramref name="left"/> and right half <paramref name="right"/>: a turn shows.</summary>
    public static byte[] Halves(int width, int height, Rgb24 left, Rgb24 right, ExifProfile? exif = null, XmpProfile? xmp = null)
    {
        using var image = Paint(width, height, (x, _) => x < width / 2 ? left : right);
        image.Metadata.ExifProfile = exif;
        image.Metadata.XmpProfile = xmp;
        return Encode(image, new JpegEncoder { Quality = 95 });
    }

    /// <summary>A one-colour JPEG.</summary>
    public static byte[] Solid(int width, int height, Rgb24 colour) => Halves(width, height, colour, colour);

    /// <summary>A one-colour PNG with a transparent left half.</summary>
    public static byte[] PngHalfTransparent(int width, int height, Rgb24 colour)
    {
        using var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = x < width / 2 ? new Rgba32(0, 0, 0, 0) : new Rgba32(colour.R, colour.G, colour.B, 255);
                }
            }
        });
        return Encode(image, new PngEncoder());
    }

    /// <summary>
    /// A photo of random pixels at the highest quality, which JPEG cannot shrink: about 4 bytes a pixel, so a camera
    /// original's size from a modest pixel count.
    /// </summary>
    public static byte[] NoisePhoto(int width, int height, int seed = 1)
    {
        var random = new Random(seed);
        using var image = new Image<Rgb24>(width, height);
        var buffer = new byte[width * 3];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                random.NextBytes(buffer);
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Rgb24>(buffer).CopyTo(rows.GetRowSpan(y));
            }
        });
        return Encode(image, new JpegEncoder { Quality = 100, ColorType = JpegColorType.YCbCrRatio444 });
    }

    /// <summary>EXIF as a phone writes it: where it was taken, and with what.</summary>
    public static ExifProfile PhoneExif(ushort orientation = 1)
    {
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, orientation);
        exif.SetValue(ExifTag.Make, "Phonemaker");
        exif.SetValue(ExifTag.Model, "Phone X Secret Model");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(47, 1), new Rational(22, 1), new Rational(1234, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(8, 1), new Rational(32, 1), new Rational(5678, 100)]);
        return exif;
    }

    /// <summary>An XMP packet naming its author, as Lightroom and phones add.</summary>
    public static XmpProfile AuthorXmp() => new(System.Text.Encoding.UTF8.GetBytes(
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
        "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>Designer Secret Name</dc:creator></rdf:Description>" +
        "</rdf:RDF></x:xmpmeta>"));

    /// <summary><paramref name="jpeg"/> with an ICC profile segment (APP2 "ICC_PROFILE") right after SOI.</summary>
    public static byte[] WithIccSegment(byte[] jpeg)
    {
        var payload = new List<byte>();
        payload.AddRange("ICC_PROFILE\0"u8.ToArray());
        payload.AddRange([1, 1]); // chunk 1 of 1
        var profile = new byte[128];
        BinaryPrimitives.WriteInt32BigEndian(profile, profile.Length);
        "acspSecretProfile"u8.ToArray().CopyTo(profile, 36);
        payload.AddRange(profile);
        var segment = new byte[4 + payload.Count];
        segment[0] = 0xFF;
        segment[1] = 0xE2;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Count + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>
    /// A PNG of a few dozen bytes whose header claims <paramref name="width"/>×<paramref name="height"/>: a
    /// decompression bomb, which would take width×height×4 bytes to decode.
    /// </summary>
    public static byte[] PngHeaderOnly(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        byte[] idat = [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]; // an empty zlib stream
        return [.. (byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .. Chunk("IHDR", ihdr), .. Chunk("IDAT", idat), .. Chunk("IEND", [])];
    }

    /// <summary>A PNG chunk: length, type, data and the CRC-32 of type and data (PNG §5.3).</summary>
    public static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>The SOFn marker of the first frame of <paramref name="jpeg"/> (0xC0 baseline, 0xC2 progressive), walking its segments.</summary>
    public static byte FrameMarker(byte[] jpeg)
    {
        var pos = 2;
        while (pos + 4 <= jpeg.Length && jpeg[pos] == 0xFF)
        {
            var marker = jpeg[pos + 1];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return marker;
            }

            pos += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(pos + 2));
        }

        throw new InvalidOperationException("no frame header");
    }

    /// <summary>The average colour of the square of <paramref name="size"/> pixels centred on (x, y).</summary>
    public static Rgb24 ColourAt(Image<Rgb24> image, int x, int y, int size = 6)
    {
        long r = 0, g = 0, b = 0, n = 0;
        for (var dy = -size / 2; dy < size / 2; dy++)
        {
            for (var dx = -size / 2; dx < size / 2; dx++)
            {
                var p = image[x + dx, y + dy];
                r += p.R;
                g += p.G;
                b += p.B;
                n++;
            }
        }

        return new Rgb24((byte)(r / n), (byte)(g / n), (byte)(b / n));
    }

    /// <summary>Whether <paramref name="actual"/> is <paramref name="expected"/> give or take JPEG's losses.</summary>
    public static bool Near(Rgb24 actual, Rgb24 expected, int tolerance = 40) =>
        Math.Abs(actual.R - expected.R) <= tolerance && Math.Abs(actual.G - expected.G) <= tolerance && Math.Abs(actual.B - expected.B) <= tolerance;

    private static Image<Rgb24> Paint(int width, int height, Func<int, int, Rgb24> colour)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = colour(x, y);
                }
            }
        });
        return image;
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var buffer = new MemoryStream();
        image.Save(buffer, encoder);
        return buffer.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
