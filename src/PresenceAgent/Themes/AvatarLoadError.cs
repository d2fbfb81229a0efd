namespace PresenceAgent.Themes;

/// <summary>Why an avatar file could not be used: missing, unreadable, or not an acceptable JPEG.</summary>
/// <param name="Path">The avatar file.</param>
/// <param name="Reason">A readable sentence for logs and start-up errors.</param>
/// <param name="JpegFault">The inspector's verdict when the file was read but rejected.</param>
/// <param name="Exception">The I/O failure when the file could not be read.</param>
internal sealed record AvatarLoadError(string Path, string Reason, JpegFault JpegFault = JpegFault.None, Exception? Exception = null);
