namespace PresenceAgent.Themes;

/// <summary>The outcome of <see cref="JpegInspector.Inspect"/>: the frame facts, or a fault and why.</summary>
internal readonly record struct JpegInspection
{
    private JpegInspection(JpegFault fault, string message, int width, int height, byte frameMarker)
    {
        Fault = fault;
        Message = message;
        Width = width;
        Height = height;
        FrameMarker = frameMarker;
    }

    public JpegFault Fault { get; }

    /// <summary>A readable sentence for logs: what was found, or what was wrong and where.</summary>
    public string Message { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The SOFn marker byte (0xC0 baseline … 0xCF); 0 when inspection failed.</summary>
    public byte FrameMarker { get; }

    public bool IsValid => Fault == JpegFault.None;

    /// <summary>SOF2, SOF6, SOF10 and SOF14 are the progressive frame types (ITU T.81 Table B.1).</summary>
    public bool IsProgressive => IsValid && (FrameMarker & 0x03) == 0x02;

    public static JpegInspection Success(int width, int height, byte frameMarker) =>
        new(JpegFault.None, $"{width}x{height} JPEG (SOF{frameMarker - 0xC0})", width, height, frameMarker);

    public static JpegInspection Failure(JpegFault fault, string message) => new(fault, message, 0, 0, 0);
}
