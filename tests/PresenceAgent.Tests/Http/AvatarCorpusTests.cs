using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PresenceAgent.Tests.Http;

/// <summary>
/// The corpus of pictures a designer might drop, served by a real Kestrel and checked by decoding what a watcher gets:
/// the hostile and broken ones are refused with their fault logged naming the file (their theme shows the default), the
/// real ones arrive square, upright, baseline and without a byte of their metadata.
/// </summary>
public sealed class AvatarCorpusTests(AvatarCorpusTests.Corpus corpus) : IClassFixture<AvatarCorpusTests.Corpus>
{
    /// <summary>Just under the 20 MiB default: a phone camera original, generated at test time (never checked in).</summary>
    private const int PhotoWidth = 2500;
    private const int PhotoHeight = 1900;

    [Theory]
    [InlineData("zero-byte", "Empty")]
    [InlineData("text", "UnsupportedFormat")]
    [InlineData("bomb", "TooManyPixels")]
    [InlineData("truncated", "Truncated")]
    [InlineData("oversized", "TooLarge")]
    public async Task A_refused_picture_is_logged_with_its_file_and_fault_and_its_theme_shows_the_default(string theme, string fault)
    {
        var bytes = await corpus.Client.GetByteArrayAsync(new Uri($"/avatars/{theme}.jpg", UriKind.Relative));

        Assert.Equal(corpus.Store.DefaultAvatar.Default.Bytes.ToArray(), bytes);
        var warning = Assert.Single(corpus.Logs.Entries, e => e.EventId.Id == 5103 && e.Message.Contains($"'{theme}'", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(corpus.Folder.AvatarPath(theme), warning.Message, StringComparison.Ordinal);
        Assert.Contains($"({fault}: ", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_oversized_file_is_refused_by_its_length_and_the_bomb_by_its_header()
    {
        Assert.Contains(corpus.Logs.Entries, e => e.Message.Contains($"is {corpus.Options.MaxAvatarBytes + 1L} bytes; the limit is {corpus.Options.MaxAvatarBytes}", StringComparison.Ordinal));
        Assert.Contains(corpus.Logs.Entries, e => e.Message.Contains("65535x65535", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(48)]
    [InlineData(96)]
    [InlineData(648)]
    public async Task An_exif_rotated_photo_is_served_upright(int size)
    {
        // Stored 400x200, left red and right blue, with orientation 6 (turn 90° clockwise to show): upright it is
        // 200x400 with red on top, and its centred square is red above blue. Unturned it would be red left, blue right.
        using var image = await FetchAsync($"/avatars/rotated.jpg?size={size}");

        var side = Math.Min(size, 200);
        Assert.Equal((side, side), (image.Width, image.Height));
        Assert.True(TestImages.Near(TestImages.ColourAt(image, side / 4, side / 4), TestImages.Red), "top left");
        Assert.True(TestImages.Near(TestImages.ColourAt(image, side * 3 / 4, side / 4), TestImages.Red), "top right");
        Assert.True(TestImages.Near(TestImages.ColourAt(image, side / 4, side * 3 / 4), TestImages.Blue), "bottom left");
        Assert.True(TestImages.Near(TestImages.ColourAt(image, side * 3 / 4, side * 3 / 4), TestImages.Blue), "bottom right");
    }

    [Theory]
    [InlineData("rotated")]
    [InlineData("located")]
    [InlineData("photo")]
    [InlineData("transparent")]
    public async Task What_is_served_is_a_baseline_jpeg_with_no_metadata_at_all(string theme)
    {
        foreach (var size in AvatarSizes.All)
        {
            using var response = await corpus.Client.GetAsync(new Uri($"/avatars/{theme}.jpg?size={size}", UriKind.Relative));
            var bytes = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(0xC0, TestImages.FrameMarker(bytes)); // SOF0: baseline, not progressive (SOF2)
            using var image = Image.Load<Rgb24>(bytes);
            Assert.Null(image.Metadata.ExifProfile);
            Assert.Null(image.Metadata.IccProfile);
            Assert.Null(image.Metadata.XmpProfile);
            Assert.Null(image.Metadata.IptcProfile);
            var text = Encoding.Latin1.GetString(bytes);
            Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ICC_PROFILE", text, StringComparison.Ordinal);
            Assert.DoesNotContain("http://ns.adobe.com/xap", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Secret", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_photo_carrying_gps_camera_xmp_and_icc_is_served_without_any_of_it()
    {
        // The source really carries them, so the test above proves they were stripped.
        var source = File.ReadAllBytes(corpus.Folder.AvatarPath("located"));
        var sourceText = Encoding.Latin1.GetString(source);
        Assert.Contains("Phone X Secret Model", sourceText, StringComparison.Ordinal);
        Assert.Contains("Designer Secret Name", sourceText, StringComparison.Ordinal);
        Assert.Contains("ICC_PROFILE", sourceText, StringComparison.Ordinal);
        using (var original = Image.Load<Rgb24>(source))
        {
            Assert.NotNull(original.Metadata.ExifProfile?.GetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLatitude));
        }

        using var served = await FetchAsync("/avatars/located.jpg");
        Assert.Equal((96, 96), (served.Width, served.Height));
        Assert.True(TestImages.Near(TestImages.ColourAt(served, 24, 48), TestImages.Green));
        Assert.True(TestImages.Near(TestImages.ColourAt(served, 72, 48), TestImages.Blue));
    }

    [Fact]
    public async Task A_camera_original_of_about_20_megabytes_is_accepted_and_made_small()
    {
        var length = new FileInfo(corpus.Folder.AvatarPath("photo")).Length;
        Assert.InRange(length, 15L * 1024 * 1024, corpus.Options.MaxAvatarBytes);

        var avatar = corpus.Store.GetAvatar("photo");
        Assert.Equal(("photo", PhotoWidth, PhotoHeight), (avatar.Theme, avatar.Width, avatar.Height));
        using var card = await FetchAsync("/avatars/photo.jpg?size=648");
        Assert.Equal((648, 648), (card.Width, card.Height));
        Assert.True(avatar.Rendition(648).Bytes.Length < 1024 * 1024, "the card size is a picture, not a camera original");
    }

    [Fact]
    public async Task A_png_is_served_as_jpeg_with_white_where_it_was_transparent()
    {
        using var image = await FetchAsync("/avatars/transparent.jpg");

        Assert.Equal("PNG", corpus.Store.GetAvatar("transparent").Format);
        Assert.Equal((96, 96), (image.Width, image.Height));
        Assert.True(TestImages.Near(TestImages.ColourAt(image, 20, 48), new Rgb24(255, 255, 255)));
        Assert.True(TestImages.Near(TestImages.ColourAt(image, 76, 48), TestImages.Green));
    }

    [Fact]
    public void Loading_the_corpus_logged_no_error()
    {
        Assert.DoesNotContain(corpus.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    private async Task<Image<Rgb24>> FetchAsync(string path) =>
        Image.Load<Rgb24>(await corpus.Client.GetByteArrayAsync(new Uri(path, UriKind.Relative)));

    /// <summary>A themes folder holding the corpus, served by Kestrel on 127.0.0.1:0.</summary>
    public sealed class Corpus : IAsyncLifetime
    {
        private WebApplication? _app;

        internal TempThemeFolder Folder { get; } = new();

        internal CollectingLoggerProvider Logs { get; } = new();

        internal ThemeOptions Options { get; } = new();

        internal ThemeStore Store => _app!.Services.GetRequiredService<ThemeStore>();

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Folder.AddTheme("default", ShippedThemes.Default);
            Folder.AddTheme("zero-byte", []);
            Folder.AddTheme("text", "This is not a picture, whatever its name says.\n"u8.ToArray());
            Folder.AddTheme("bomb", TestImages.PngHeaderOnly(65535, 65535));
            Folder.AddTheme("truncated", TestImages.Halves(640, 480, TestImages.Red, TestImages.Blue)[..3000]);
            WriteOversized(Folder.AddTheme("oversized", null), Options.MaxAvatarBytes + 1L);
            Folder.AddTheme("rotated", TestImages.Halves(400, 200, TestImages.Red, TestImages.Blue, TestImages.PhoneExif(orientation: 6)));
            Folder.AddTheme("located", TestImages.WithIccSegment(
                TestImages.Halves(300, 300, TestImages.Green, TestImages.Blue, TestImages.PhoneExif(), TestImages.AuthorXmp())));
            Folder.AddTheme("photo", TestImages.NoisePhoto(PhotoWidth, PhotoHeight));
            Folder.AddTheme("transparent", TestImages.PngHalfTransparent(300, 300, TestImages.Green), "png");

            _app = AvatarServer.Build(Folder.Path, Logs);
            await _app.StartAsync();
            Client = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }

            Folder.Dispose();
        }

        /// <summary>A file one byte over the limit, starting like a JPEG: it must be refused by its length, unread.</summary>
        private static void WriteOversized(string path, long length)
        {
            using var file = File.Create(path);
            file.Write([0xFF, 0xD8, 0xFF, 0xE0]);
            file.SetLength(length);
        }
    }
}
