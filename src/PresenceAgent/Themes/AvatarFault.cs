namespace PresenceAgent.Themes;

/// <summary>Why an avatar file was not accepted. Names reach logs and dashboards: add members, never rename one.</summary>
internal enum AvatarFault
{
    None = 0,

    /// <summary>The file has no bytes (a copy that has only just begun, or a failed export).</summary>
    Empty,

    /// <summary>The file is larger than Themes:MaxAvatarBytes; it was not read.</summary>
    TooLarge,

    /// <summary>Neither a JPEG nor a PNG (another format, text, garbage), whatever its name says.</summary>
    UnsupportedFormat,

    /// <summary>The header claims more pixels than Themes:MaxAvatarPixels (a decompression bomb, or an uncropped panorama); not decoded.</summary>
    TooManyPixels,

    /// <summary>The data ends before the image does: a half-copied or cut-off file.</summary>
    Truncated,

    /// <summary>The decoder refused the content, or needs more memory than the limits give it.</summary>
    Corrupt,
}
