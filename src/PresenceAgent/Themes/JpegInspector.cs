namespace PresenceAgent.Themes;

/// <summary>
/// Checks that bytes are a plausible JPEG without decoding them: walks the marker segments
/// (ITU T.81 Annex B) to the first frame header, reads its dimensions, goes on to the first scan
/// and requires the end-of-image marker at the end, so a half-copied file is caught too.
/// Every read is bounds-checked; no input makes it throw or read past the span.
/// </summary>
internal static class JpegInspector
{
    private const byte MarkerPrefix = 0xFF;
    private const byte Soi = 0xD8;
    private const byte Eoi = 0xD9;
    private const byte Sos = 0xDA;
    private const byte Tem = 0x01;

    public static JpegInspection Inspect(ReadOnlySpan<byte> data, int maxBytes, int maxDimension)
    {
        if (data.Length > maxBytes)
        {
            return JpegInspection.Failure(JpegFault.TooLarge, $"file is {data.Length} bytes; the limit is {maxBytes}");
        }

        if (data.Length < 2)
        {
            // A prefix of FF D8 (including nothing) is a cut-off JPEG as far as we can tell.
            return data.Length == 0 || data[0] == MarkerPrefix
                ? JpegInspection.Failure(JpegFault.Truncated, $"file is {data.Length} bytes, too short for a JPEG")
                : NotJpeg();
        }

        if (data[0] != MarkerPrefix || data[1] != Soi)
        {
            return NotJpeg();
        }

        int width = 0;
        int height = 0;
        byte frame = 0;
        int pos = 2;
        while (true)
        {
            if (pos >= data.Length)
            {
                return Truncated(pos, "before the next marker");
            }

            if (data[pos] != MarkerPrefix)
            {
                return JpegInspection.Failure(JpegFault.Malformed, $"expected a marker at offset {pos}, found 0x{data[pos]:X2}");
            }

            // T.81 B.1.1.2: any marker may be preceded by fill bytes (extra FFs).
            while (pos < data.Length && data[pos] == MarkerPrefix)
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                return Truncated(pos, "inside a marker");
            }

            byte marker = data[pos++];
            if (marker == Tem || marker is >= 0xD0 and <= 0xD7)
            {
                continue; // standalone markers (TEM, RSTn) carry no length
            }

            if (marker == Eoi)
            {
                return NoFrameHeader("the end-of-image marker");
            }

            if (marker is 0x00 or Soi)
            {
                return JpegInspection.Failure(JpegFault.Malformed, $"unexpected marker 0x{marker:X2} at offset {pos - 1}");
            }

            if (data.Length - pos < 2)
            {
                return Truncated(pos, "in a segment length");
            }

            int length = (data[pos] << 8) | data[pos + 1];
            if (length < 2)
            {
                return JpegInspection.Failure(JpegFault.Malformed, $"segment 0x{marker:X2} at offset {pos - 2} declares length {length}");
            }

            if (length > data.Length - pos)
            {
                return Truncated(pos, $"in segment 0x{marker:X2} of {length} bytes");
            }

            if (frame == 0 && IsFrameHeader(marker))
            {
                // SOFn payload: P(1) Y(2) X(2) Nf(1)... (T.81 B.2.2)
                if (length < 8)
                {
                    return JpegInspection.Failure(JpegFault.Malformed, $"frame header at offset {pos - 2} is only {length} bytes");
                }

                height = (data[pos + 3] << 8) | data[pos + 4];
                width = (data[pos + 5] << 8) | data[pos + 6];
                if (width == 0 || height == 0)
                {
                    // T.81 lets Y be 0 with the height given later by DNL; no avatar needs that,
                    // and a client that cannot size the image before decoding may reject it.
                    return JpegInspection.Failure(JpegFault.ZeroDimension, $"frame header gives {width}x{height}");
                }

                if (width > maxDimension || height > maxDimension)
                {
                    return JpegInspection.Failure(JpegFault.DimensionsOverLimit, $"image is {width}x{height}; the limit is {maxDimension} on each side");
                }

                frame = marker;
            }
            else if (marker == Sos)
            {
                if (frame == 0)
                {
                    return NoFrameHeader("the first scan");
                }

                // Entropy-coded data follows; inside it FF is always stuffed (FF 00) or RSTn, so an
                // FF D9 at the very end can only be the real EOI (T.81 B.1.1.5).
                return data.Length - (pos + length) >= 2 && data[^2] == MarkerPrefix && data[^1] == Eoi
                    ? JpegInspection.Success(width, height, frame)
                    : Truncated(data.Length, "before the end-of-image marker");
            }

            pos += length;
        }
    }

    // SOF0..SOF15 are C0..CF except DHT (C4), JPG (C8) and DAC (CC), T.81 Table B.1.
    private static bool IsFrameHeader(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static JpegInspection NotJpeg() =>
        JpegInspection.Failure(JpegFault.NotJpeg, "no JPEG start-of-image marker (FF D8); is it another format?");

    private static JpegInspection Truncated(int offset, string where) =>
        JpegInspection.Failure(JpegFault.Truncated, $"data ends at offset {offset}, {where}");

    private static JpegInspection NoFrameHeader(string what) =>
        JpegInspection.Failure(JpegFault.NoFrameHeader, $"{what} came before any frame header (SOFn)");
}
