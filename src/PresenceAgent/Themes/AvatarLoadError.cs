namespace PresenceAgent.Themes;

/// <summary>Why an avatar file could not be used: missing, unreadable, or an image the agent refuses.</summary>
/// <param name="Path">The avatar file.</param>
/// <param name="Reason">A readable sentence for logs and start-up errors.</param>
/// <param name="Fault">The verdict when the file was there but refused; None when it was missing or unreadable.</param>
/// <param name="Exception">The I/O failure when the file could not be read.</param>
internal sealed record AvatarLoadError(string Path, string Reason, AvatarFault Fault = AvatarFault.None, Exception? Exception = null);
