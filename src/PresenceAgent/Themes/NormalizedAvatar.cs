namespace PresenceAgent.Themes;

/// <summary>What a designer's picture was, and the renditions made from it.</summary>
/// <param name="Format">"JPEG" or "PNG".</param>
/// <param name="Width">The picture's width as stored.</param>
/// <param name="Height">The picture's height as stored.</param>
/// <param name="Renditions">One per <see cref="AvatarSizes.All"/>, smallest first.</param>
internal sealed record NormalizedAvatar(string Format, int Width, int Height, IReadOnlyList<AvatarRendition> Renditions);
