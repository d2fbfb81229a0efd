using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.Themes;

/// <summary>Reads one avatar file within the byte limit and normalizes it.</summary>
internal static class AvatarFile
{
    /// <summary>The avatar of <paramref name="theme"/> from the file <paramref name="stamp"/> names; false with why not.</summary>
    public static bool TryLoad(string theme, AvatarStamp stamp, int maxBytes, AvatarNormalizer normalizer,
        [NotNullWhen(true)] out Avatar? avatar, [NotNullWhen(false)] out AvatarLoadError? error)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        avatar = null;
        if (!stamp.Exists)
        {
            error = new AvatarLoadError(stamp.Path, "the file does not exist");
            return false;
        }

        byte[] bytes;
        try
        {
            // Others may go on writing or delete it: a designer's copy must never fail because we are reading.
            using var stream = new FileStream(stamp.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

            // Refused before reading, so a huge file never lands in memory.
            if (stream.Length > maxBytes)
            {
                error = new AvatarLoadError(stamp.Path, $"the file is {stream.Length} bytes; the limit is {maxBytes} (Themes:MaxAvatarBytes)", AvatarFault.TooLarge);
                return false;
            }

            // A file still being written may end before its length said; what was read is judged as it is.
            bytes = new byte[stream.Length];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                bytes = bytes[..read];
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = new AvatarLoadError(stamp.Path, $"the file cannot be read ({ex.Message})", Exception: ex);
            return false;
        }

        if (!normalizer.TryNormalize(bytes, out var image, out var fault, out var reason))
        {
            error = new AvatarLoadError(stamp.Path, reason, fault);
            return false;
        }

        avatar = new Avatar(theme, stamp.Path, image, new DateTimeOffset(stamp.LastWriteUtc, TimeSpan.Zero));
        error = null;
        return true;
    }
}
