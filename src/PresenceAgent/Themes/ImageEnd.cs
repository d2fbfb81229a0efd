using System.Buffers.Binary;

namespace PresenceAgent.Themes;

/// <summary>
/// Whether image data runs to its format's end marker. ImageSharp decodes a cut-off JPEG without complaint, filling
/// what is missing with grey, and a PNG without its IEND; a half-copied file would so be served as a broken picture.
/// Run after ImageSharp has identified the format: this only looks for the end, reading no further than the data.
/// </summary>
internal static class ImageEnd
{
    /// <summary>
    /// The JPEG's end-of-image marker (ITU T.81 B.2.1) comes after its scans. Segments before the first scan are
    /// skipped by their length, so the EOI of an EXIF thumbnail inside APP1 does not count; within entropy-coded data
    /// an FF is always followed by 00 (stuffing) or an RSTn (B.1.1.5), so any other marker there is real. Data after
    /// the EOI (a phone's motion-photo trailer) is allowed.
    /// </summary>
    public static bool JpegReachesEnd(ReadOnlySpan<byte> data)
    {
        var pos = 2; // past SOI
        while (pos < data.Length - 1)
        {
            if (data[pos] != 0xFF)
            {
                // Entropy-coded data (or bytes no encoder writes between segments): on to the next marker.
                var next = data[pos..].IndexOf((byte)0xFF);
                if (next < 0)
                {
                    return false;
                }

                pos += next;
                continue;
            }

            var marker = data[pos + 1];
            if (marker == 0xFF)
            {
                pos++; // fill byte before a marker
                continue;
            }

            if (marker is 0x00 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2; // stuffed zero, TEM or RSTn: no length follows
                continue;
            }

            if (marker == 0xD9)
            {
                return true;
            }

            if (pos + 3 >= data.Length)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
            pos += 2 + length;
        }

        return false;
    }

    /// <summary>The PNG's chunks, each skipped by its length, reach IEND (PNG specification §5.3, §11.2.5).</summary>
    public static bool PngReachesEnd(ReadOnlySpan<byte> data)
    {
        const int signature = 8;
        const int chunkOverhead = 12; // length, type, CRC
        var pos = signature;
        while (data.Length - pos >= chunkOverhead)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            if (data.Slice(pos + 4, 4).SequenceEqual("IEND"u8))
            {
                return true;
            }

            if (length > (uint)(data.Length - pos - chunkOverhead))
            {
                return false;
            }

            pos += chunkOverhead + (int)length;
        }

        return false;
    }
}
