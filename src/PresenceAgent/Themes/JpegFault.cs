namespace PresenceAgent.Themes;

/// <summary>Why bytes were not accepted as an avatar JPEG.</summary>
internal enum JpegFault
{
    None = 0,

    /// <summary>No SOI marker (FF D8) at the start: some other format, or garbage.</summary>
    NotJpeg,

    /// <summary>The data ends inside a marker segment or before the end-of-image marker.</summary>
    Truncated,

    /// <summary>A marker or segment length that no encoder writes (length below 2, stray 00 marker…).</summary>
    Malformed,

    /// <summary>The image data (SOS) or the end (EOI) came before any SOFn frame header.</summary>
    NoFrameHeader,

    /// <summary>The frame header gives a width or height of 0.</summary>
    ZeroDimension,

    /// <summary>Width or height exceeds the configured maximum.</summary>
    DimensionsOverLimit,

    /// <summary>The file exceeds the configured byte limit.</summary>
    TooLarge,
}
