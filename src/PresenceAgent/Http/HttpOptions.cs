namespace PresenceAgent.Http;

/// <summary>The HTTP side: avatars, health, admin, and the presence APIs under <c>/api</c>.</summary>
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

    /// <summary>
    /// The credential of the <c>/api</c> endpoints (<see cref="ApiAccess"/>): <c>Authorization: Bearer …</c>, or the
    /// password of Basic for clients that only send a user name and password (a conference platform's event sink); at
    /// least <see cref="MinAdminTokenLength"/> characters. Unset, the API answers loopback clients only.
    /// </summary>
    public string? ApiToken { get; init; }

    /// <summary>
    /// Whether loopback clients may use the API without <see cref="ApiToken"/>, as tools on the agent's own host do. Turn
    /// it off when a reverse proxy on the same host forwards to the agent: every client would look local.
    /// </summary>
    public bool ApiLoopbackTrusted { get; init; } = true;

    /// <summary>
    /// The largest request body an API endpoint reads, in bytes; larger gets 413 before it is parsed. 64 KiB holds the
    /// largest event a conference platform sends with room to spare; an override is a few hundred bytes.
    /// </summary>
    public int ApiMaxBodyBytes { get; init; } = DefaultApiMaxBodyBytes;

    public const int DefaultApiMaxBodyBytes = 65536;

    public const int MinApiMaxBodyBytes = 1024;

    public const int MaxApiMaxBodyBytes = 16 * 1024 * 1024;
}
