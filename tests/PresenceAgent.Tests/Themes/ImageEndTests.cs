using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

/// <summary>A file cut off anywhere is seen as cut off; a whole one, with or without trailers and thumbnails, is not.</summary>
public sealed class ImageEndTests
{
    [Fact]
    public void A_whole_jpeg_reaches_its_end_and_every_cut_of_it_does_not()
    {
        var jpeg = TestImages.Halves(64, 48, TestImages.Red, TestImages.Blue);

        Assert.True(ImageEnd.JpegReachesEnd(jpeg));
        for (var length = 0; length < jpeg.Length; length++)
        {
            Assert.False(ImageEnd.JpegReachesEnd(jpeg.AsSpan(0, length)), $"cut at {length} of {jpeg.Length}");
        }
    }

    [Fact]
    public void The_end_of_an_exif_thumbnail_is_not_the_end_of_the_picture()
    {
        // A whole JPEG inside APP1, as cameras embed their thumbnail: its EOI lies inside a segment skipped by length.
        var thumbnail = TestImages.Solid(8, 8, TestImages.Green);
        var app1 = new byte[4 + 6 + thumbnail.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(app1.Length - 2));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        thumbnail.CopyTo(app1, 10);
        var photo = TestImages.Halves(64, 48, TestImages.Red, TestImages.Blue);
        byte[] withThumbnail = [.. photo[..2], .. app1, .. photo[2..]];

        Assert.True(ImageEnd.JpegReachesEnd(withThumbnail));
        Assert.False(ImageEnd.JpegReachesEnd(withThumbnail.AsSpan(0, withThumbnail.Length - 100)));
    }

    [Fact]
    public void Data_after_the_end_of_a_jpeg_is_allowed()
    {
        // Motion photos append a video after the picture's EOI.
        var jpeg = TestImages.Solid(16, 16, TestImages.Red);
        byte[] withTrailer = [.. jpeg, .. "ftypmp42 and a video that may hold \xFF\xDA bytes"u8.ToArray(), 0xFF, 0xDA, 1, 2, 3];

        Assert.True(ImageEnd.JpegReachesEnd(withTrailer));
    }

    [Fact]
    public void A_whole_png_reaches_iend_and_a_cut_one_does_not()
    {
        var png = TestImages.PngHalfTransparent(32, 32, TestImages.Green);

        Assert.True(ImageEnd.PngReachesEnd(png));
        for (var length = 0; length < png.Length; length++)
        {
            Assert.False(ImageEnd.PngReachesEnd(png.AsSpan(0, length)), $"cut at {length} of {png.Length}");
        }
    }

    [Fact]
    public void A_chunk_length_past_the_data_is_not_an_end()
    {
        byte[] png = [.. TestImages.PngHeaderOnly(4, 4)[..33], 0x7F, 0xFF, 0xFF, 0xFF, .. "IDAT"u8.ToArray(), 0, 0, 0, 0];

        Assert.False(ImageEnd.PngReachesEnd(png));
    }
}
