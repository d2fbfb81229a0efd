namespace PresenceAgent.Tests.Support;

/// <summary>Hand-built JPEG marker streams for cases no encoder produces.</summary>
internal static class JpegBuilder
{
    public static readonly byte[] Soi = [0xFF, 0xD8];
    public static readonly byte[] Eoi = [0xFF, 0xD9];

    /// <summary>A JFIF APP0 segment.</summary>
    public static byte[] App0() =>
        Segment(0xE0, [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

    /// <summary>A frame header with one component.</summary>
    public static byte[] Frame(byte marker, int width, int height) =>
        Segment(marker, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]);

    /// <summary>A scan header for one component, followed by a few entropy-coded bytes with a stuffed FF.</summary>
    public static byte[] ScanWithData() =>
        [.. Segment(0xDA, [1, 1, 0, 0, 63, 0]), 0x12, 0x34, 0xFF, 0x00, 0x56];

    public static byte[] Segment(byte marker, byte[] payload)
    {
        int length = payload.Length + 2;
        return [0xFF, marker, (byte)(length >> 8), (byte)length, .. payload];
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>SOI, APP0, the frame, a scan, EOI: the smallest stream the inspector accepts.</summary>
    public static byte[] Minimal(byte frameMarker = 0xC0, int width = 96, int height = 96) =>
        Concat(Soi, App0(), Frame(frameMarker, width, height), ScanWithData(), Eoi);
}
