using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

public sealed class JpegInspectorTests
{
    private const int MaxBytes = 512 * 1024;
    private const int MaxDimension = 2048;

    [Fact]
    public void Accepts_the_shipped_default_avatar()
    {
        JpegInspection result = Inspect(ShippedThemes.Default);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal((96, 96), (result.Width, result.Height));
        Assert.Equal(0xC0, result.FrameMarker);
        Assert.False(result.IsProgressive);
    }

    [Fact]
    public void Accepts_the_shipped_boardroom_avatar()
    {
        JpegInspection result = Inspect(ShippedThemes.Boardroom);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal((128, 128), (result.Width, result.Height));
    }

    [Fact]
    public void Shipped_avatars_differ() =>
        Assert.NotEqual(ShippedThemes.Default, ShippedThemes.Boardroom);

    [Fact]
    public void Every_truncation_of_a_real_jpeg_is_reported_and_never_throws()
    {
        byte[] jpeg = ShippedThemes.Default;
        for (int length = 0; length < jpeg.Length; length++)
        {
            JpegInspection result = Inspect(jpeg.AsSpan(0, length));

            Assert.False(result.IsValid, $"prefix of {length} bytes accepted");
            Assert.True(
                result.Fault is JpegFault.Truncated or JpegFault.NoFrameHeader,
                $"prefix of {length} bytes: {result.Fault} ({result.Message})");
        }
    }

    [Fact]
    public void Random_bytes_never_throw_and_never_pass()
    {
        var random = new Random(1234);
        for (int round = 0; round < 2000; round++)
        {
            byte[] data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            if (round % 2 == 0 && data.Length >= 2)
            {
                data[0] = 0xFF; // half the inputs get past the signature check
                data[1] = 0xD8;
            }

            JpegInspection result = Inspect(data);

            Assert.False(result.IsValid);
            Assert.False(string.IsNullOrEmpty(result.Message));
        }
    }

    [Fact]
    public void Corrupting_any_byte_of_a_real_jpeg_never_throws()
    {
        byte[] original = ShippedThemes.Default;
        foreach (byte value in new byte[] { 0x00, 0x01, 0xD9, 0xDA, 0xFF })
        {
            for (int i = 0; i < original.Length; i++)
            {
                byte[] data = (byte[])original.Clone();
                data[i] = value;
                _ = Inspect(data);
            }
        }
    }

    public static TheoryData<string, byte[], string> Invalid => new()
    {
        { "empty", [], nameof(JpegFault.Truncated) },
        { "one FF", [0xFF], nameof(JpegFault.Truncated) },
        { "one other byte", [0x89], nameof(JpegFault.NotJpeg) },
        { "PNG signature", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], nameof(JpegFault.NotJpeg) },
        { "GIF", "GIF89a...."u8.ToArray(), nameof(JpegFault.NotJpeg) },
        { "SOI only", JpegBuilder.Soi, nameof(JpegFault.Truncated) },
        { "SOI then EOI", JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.Eoi), nameof(JpegFault.NoFrameHeader) },
        { "scan before frame", JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.App0(), JpegBuilder.ScanWithData(), JpegBuilder.Eoi), nameof(JpegFault.NoFrameHeader) },
        { "zero width", JpegBuilder.Minimal(width: 0), nameof(JpegFault.ZeroDimension) },
        { "zero height", JpegBuilder.Minimal(height: 0), nameof(JpegFault.ZeroDimension) },
        { "too wide", JpegBuilder.Minimal(width: 2049), nameof(JpegFault.DimensionsOverLimit) },
        { "too tall", JpegBuilder.Minimal(height: 65535), nameof(JpegFault.DimensionsOverLimit) },
        { "segment length beyond the data", JpegBuilder.Concat(JpegBuilder.Soi, [0xFF, 0xE1, 0xFF, 0xFF, 1, 2, 3]), nameof(JpegFault.Truncated) },
        { "segment length 0", JpegBuilder.Concat(JpegBuilder.Soi, [0xFF, 0xE0, 0x00, 0x00], JpegBuilder.Minimal()[2..]), nameof(JpegFault.Malformed) },
        { "segment length 1", JpegBuilder.Concat(JpegBuilder.Soi, [0xFF, 0xE0, 0x00, 0x01]), nameof(JpegFault.Malformed) },
        { "frame header too short", JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.Segment(0xC0, [8, 0, 1]), JpegBuilder.Eoi), nameof(JpegFault.Malformed) },
        { "garbage between segments", JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.App0(), [0x12], JpegBuilder.Minimal()[2..]), nameof(JpegFault.Malformed) },
        { "stuffed byte as marker", JpegBuilder.Concat(JpegBuilder.Soi, [0xFF, 0x00]), nameof(JpegFault.Malformed) },
        { "second SOI", JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.Soi), nameof(JpegFault.Malformed) },
        { "only fill bytes", JpegBuilder.Concat(JpegBuilder.Soi, [0xFF, 0xFF, 0xFF]), nameof(JpegFault.Truncated) },
        { "scan data without EOI", JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.Frame(0xC0, 8, 8), JpegBuilder.ScanWithData()), nameof(JpegFault.Truncated) },
        { "scan header ending the file", JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.Frame(0xC0, 8, 8), JpegBuilder.Segment(0xDA, [1, 1, 0, 0, 0xFF, 0xD9])), nameof(JpegFault.Truncated) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejects_with_the_right_fault(string name, byte[] data, string fault)
    {
        JpegInspection result = Inspect(data);

        Assert.False(result.IsValid, name);
        Assert.Equal(Enum.Parse<JpegFault>(fault), result.Fault);
        Assert.Equal(0, result.Width);
    }

    [Theory]
    [InlineData((byte)0xC0, false)]
    [InlineData((byte)0xC1, false)]
    [InlineData((byte)0xC2, true)]
    [InlineData((byte)0xC3, false)]
    [InlineData((byte)0xC6, true)]
    [InlineData((byte)0xC9, false)]
    [InlineData((byte)0xCA, true)]
    [InlineData((byte)0xCE, true)]
    [InlineData((byte)0xCF, false)]
    public void Reads_every_frame_type(byte marker, bool progressive)
    {
        JpegInspection result = Inspect(JpegBuilder.Minimal(marker, width: 300, height: 200));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal((300, 200), (result.Width, result.Height));
        Assert.Equal(marker, result.FrameMarker);
        Assert.Equal(progressive, result.IsProgressive);
    }

    [Theory]
    [InlineData((byte)0xC4)]
    [InlineData((byte)0xC8)]
    [InlineData((byte)0xCC)]
    public void Tables_and_reserved_c_markers_are_not_frame_headers(byte marker)
    {
        // Shaped like a frame header, but DHT/JPG/DAC: the real frame comes later.
        byte[] data = JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.Frame(marker, 4000, 4000), JpegBuilder.Frame(0xC0, 64, 48), JpegBuilder.ScanWithData(), JpegBuilder.Eoi);

        JpegInspection result = Inspect(data);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal((64, 48), (result.Width, result.Height));
    }

    [Fact]
    public void Skips_fill_bytes_and_standalone_markers()
    {
        byte[] data = JpegBuilder.Concat(
            JpegBuilder.Soi,
            [0xFF, 0xFF, 0xFF],
            JpegBuilder.App0(),
            [0xFF, 0x01, 0xFF, 0xD3],
            [0xFF, 0xFF],
            JpegBuilder.Frame(0xC2, 120, 90),
            JpegBuilder.ScanWithData(),
            JpegBuilder.Eoi);

        JpegInspection result = Inspect(data);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal((120, 90), (result.Width, result.Height));
        Assert.True(result.IsProgressive);
    }

    [Fact]
    public void Uses_the_first_frame_header_only()
    {
        byte[] data = JpegBuilder.Concat(JpegBuilder.Soi, JpegBuilder.Frame(0xC0, 10, 20), JpegBuilder.Frame(0xC2, 0, 0), JpegBuilder.ScanWithData(), JpegBuilder.Eoi);

        Assert.Equal((10, 20), (Inspect(data).Width, Inspect(data).Height));
    }

    [Fact]
    public void Rejects_files_over_the_byte_limit_before_parsing()
    {
        byte[] jpeg = ShippedThemes.Default;

        Assert.Equal(JpegFault.TooLarge, JpegInspector.Inspect(jpeg, jpeg.Length - 1, MaxDimension).Fault);
        Assert.True(JpegInspector.Inspect(jpeg, jpeg.Length, MaxDimension).IsValid);
    }

    [Fact]
    public void Dimension_limit_is_inclusive()
    {
        Assert.True(Inspect(JpegBuilder.Minimal(width: 2048, height: 2048)).IsValid);
        Assert.Equal(JpegFault.DimensionsOverLimit, JpegInspector.Inspect(JpegBuilder.Minimal(width: 97), MaxBytes, 96).Fault);
    }

    [Fact]
    public void Failure_messages_are_readable()
    {
        JpegInspection result = Inspect(JpegBuilder.Minimal(width: 5000, height: 10));

        Assert.Contains("5000x10", result.Message, StringComparison.Ordinal);
        Assert.Contains("2048", result.Message, StringComparison.Ordinal);
    }

    private static JpegInspection Inspect(ReadOnlySpan<byte> data) => JpegInspector.Inspect(data, MaxBytes, MaxDimension);
}
