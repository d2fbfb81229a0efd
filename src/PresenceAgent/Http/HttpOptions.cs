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
}
