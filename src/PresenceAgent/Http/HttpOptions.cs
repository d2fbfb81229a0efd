namespace PresenceAgent.Http;

/// <summary>The HTTP side: avatars, health, admin.</summary>
public sealed class HttpOptions
{
    /// <summary>Kestrel URLs to bind, e.g. <c>http://127.0.0.1:8088</c>.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8088";

    /// <summary>
    /// Base URL watchers use to fetch avatars (put in PIDF icon links). Defaults to the first of <see cref="Urls"/>;
    /// set it when the agent sits behind a proxy or NAT.
    /// </summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>Whether any of <see cref="Urls"/> is https (served with the SIP TLS certificate).</summary>
    public bool UsesHttps => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>After start, fetch every theme's avatar through the public URL and warn when watchers could not.</summary>
    public bool AvatarSelfCheck { get; init; } = true;

    /// <summary>
    /// The bearer token admin clients send (<c>Authorization: Bearer …</c>); at least 32 characters, so it cannot be
    /// guessed online. Set, it is required from every client; unset, admin is open to loopback clients when every
    /// <see cref="Urls"/> address is loopback, and disabled otherwise (<see cref="AdminAccess"/>).
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>The shortest token accepted: 32 characters of base64 are 192 bits.</summary>
    public const int MinAdminTokenLength = 32;
}
