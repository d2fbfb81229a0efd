using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PresenceAgent.Tests.Themes;

/// <summary>
/// The corpus of broken and hostile pictures, each refused with its fault before anything is decoded that need not
/// be, and the pictures designers really drop, each made into square baseline JPEGs of the served sizes.
/// </summary>
public sealed class AvatarNormalizerTests
{
    private readonly AvatarNormalizer _normalizer = new(new ThemeOptions().MaxAvatarPixels);

    public static TheoryData<string, byte[], string> Refused() => new()
    {
        { "zero bytes", [], nameof(AvatarFault.Empty) },
        { "text named .jpg", "Dear designer, the picture follows.\n"u8.ToArray(), nameof(AvatarFault.UnsupportedFormat) },
        { "GIF", [.. "GIF89a"u8.ToArray(), 1, 0, 1, 0, 0, 0, 0, 0x3B], nameof(AvatarFault.UnsupportedFormat) },
        { "BMP", [.. "BM"u8.ToArray(), .. new byte[60]], nameof(AvatarFault.UnsupportedFormat) },
        { "PNG header claiming 65535x65535", TestImages.PngHeaderOnly(65535, 65535), nameof(AvatarFault.TooManyPixels) },
        { "PNG header claiming 40000001 pixels", TestImages.PngHeaderOnly(40_000_001, 1), nameof(AvatarFault.TooManyPixels) },
        { "truncated JPEG", TestImages.Halves(300, 200, TestImages.Red, TestImages.Blue)[..2000], nameof(AvatarFault.Truncated) },
        { "JPEG without its last byte", TestImages.Halves(300, 200, TestImages.Red, TestImages.Blue)[..^1], nameof(AvatarFault.Truncated) },
        { "PNG without IEND", TestImages.PngHalfTransparent(64, 64, TestImages.Green)[..^12], nameof(AvatarFault.Truncated) },
        { "JPEG headers only", TestImages.Halves(300, 200, TestImages.Red, TestImages.Blue)[..100], nameof(AvatarFault.Corrupt) },
        { "PNG signature only", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], nameof(AvatarFault.Corrupt) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_with_its_fault(string what, byte[] data, string fault)
    {
        Assert.False(_normalizer.TryNormalize(data, out var avatar, out var actual, out var reason), what);

        Assert.Null(avatar);
        Assert.Equal(fault, actual.ToString());
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header_in_no_time_and_memory()
    {
        var bomb = TestImages.PngHeaderOnly(65535, 65535);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(_normalizer.TryNormalize(bomb, out _, out var fault, out var reason));

        Assert.Equal(AvatarFault.TooManyPixels, fault);
        Assert.Contains("65535x65535 (4294836225 pixels); the limit is 40000000 (Themes:MaxAvatarPixels)", reason, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 * 1024 * 1024, "allocated as if decoding");
    }

    [Fact]
    public void The_pixel_limit_is_the_configured_one()
    {
        var small = new AvatarNormalizer(10_000);
        var jpeg = TestImages.Solid(101, 100, TestImages.Red);

        Assert.False(small.TryNormalize(jpeg, out _, out var fault, out _));
        Assert.Equal(AvatarFault.TooManyPixels, fault);
        Assert.True(small.TryNormalize(TestImages.Solid(100, 100, TestImages.Red), out _, out _, out _));
    }

    [Theory]
    [InlineData(1200, 800, new[] { 48, 96, 648 })]
    [InlineData(800, 1200, new[] { 48, 96, 648 })]
    [InlineData(300, 200, new[] { 48, 96, 200 })]
    [InlineData(60, 90, new[] { 48, 60, 60 })]
    public void Makes_centred_squares_of_each_size_never_enlarged(int width, int height, int[] sides)
    {
        Assert.True(_normalizer.TryNormalize(TestImages.Halves(width, height, TestImages.Red, TestImages.Blue), out var avatar, out _, out _));

        Assert.Equal(("JPEG", width, height), (avatar.Format, avatar.Width, avatar.Height));
        Assert.Equal([48, 96, 648], avatar.Renditions.Select(r => r.Size));
        Assert.Equal(sides, avatar.Renditions.Select(r => r.Side));
        Assert.All(avatar.Renditions, r =>
        {
            using var image = Image.Load<Rgb24>(r.Bytes.Span);
            Assert.Equal((r.Side, r.Side), (image.Width, image.Height));
            Assert.Equal(0xC0, TestImages.FrameMarker(r.Bytes.ToArray()));
        });
    }

    [Fact]
    public void A_png_is_accepted_and_its_transparency_shows_white()
    {
        Assert.True(_normalizer.TryNormalize(TestImages.PngHalfTransparent(200, 200, TestImages.Green), out var avatar, out _, out _));

        Assert.Equal("PNG", avatar.Format);
        using var image = Image.Load<Rgb24>(avatar.Renditions[1].Bytes.Span);
        Assert.True(TestImages.Near(TestImages.ColourAt(image, 20, 48), new Rgb24(255, 255, 255)));
        Assert.True(TestImages.Near(TestImages.ColourAt(image, 76, 48), TestImages.Green));
    }
}
