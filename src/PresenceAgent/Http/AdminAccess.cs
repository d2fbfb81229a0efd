using System.Net;

namespace PresenceAgent.Http;

/// <summary>
/// Who may use the admin endpoints: they show the internal dial plan and can force collections, so they are never
/// open to the network by accident. Any later endpoint of the same kind (metrics) goes behind the same filter. The rule:
/// <list type="number">
/// <item>Http:AdminToken set: every client sends <c>Authorization: Bearer &lt;token&gt;</c>, loopback clients too (a
/// reverse proxy on the same host makes every client look local); without it, or with another, 401 with
/// <c>WWW-Authenticate: Bearer</c> (RFC 6750 §3).</item>
/// <item>No token, every Http:Urls address loopback (127.0.0.0/8, ::1, localhost): loopback clients only, no token
/// (403 to any other, which only a forwarder could bring).</item>
/// <item>No token, any address that is not loopback (a wildcard, a host name, a public address): admin is disabled
/// and answers 404 as if absent; start logs a Warning saying so.</item>
/// </list>
/// The token is compared as SHA-256 digests in constant time, so timing reveals neither its bytes nor its length.
/// </summary>
internal sealed class AdminAccess
{
    private const string BearerScheme = "Bearer";

    private readonly SecretDigest? _token;

    private AdminAccess(AdminAccessMode mode, SecretDigest? token)
    {
        Mode = mode;
        _token = token;
    }

    public AdminAccessMode Mode { get; }

    public static AdminAccess For(HttpOptions http)
    {
        if (!string.IsNullOrEmpty(http.AdminToken))
        {
            return new AdminAccess(AdminAccessMode.Token, new SecretDigest(http.AdminToken));
        }

        return new AdminAccess(IsLoopbackOnly(http.Urls) ? AdminAccessMode.LoopbackClients : AdminAccessMode.Disabled, null);
    }

    /// <summary>The answer for a request that may not use admin; null when it may.</summary>
    public IResult? Refusal(HttpContext http)
    {
        switch (Mode)
        {
            case AdminAccessMode.Token when !HasToken(http.Request.Headers.Authorization):
                http.Response.Headers.WWWAuthenticate = $"{BearerScheme} realm=\"PresenceAgent admin\"";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            case AdminAccessMode.LoopbackClients when !(http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)):
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            case AdminAccessMode.Disabled:
                return Results.NotFound();
            default:
                return null;
        }
    }

    /// <summary>True when every address in <paramref name="urls"/> (Http:Urls, ';'-separated) binds loopback only.</summary>
    public static bool IsLoopbackOnly(string urls)
    {
        var any = false;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel binds every interface for '*', '+', a wildcard address or any host name but localhost.
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
                !(uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private bool HasToken(Microsoft.Extensions.Primitives.StringValues authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { } value ||
            !value.StartsWith(BearerScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return _token is { } token && token.Matches(value.AsSpan(BearerScheme.Length + 1).Trim());
    }
}

/// <summary>How admin requests are let in; see <see cref="AdminAccess"/>.</summary>
internal enum AdminAccessMode
{
    Token,
    LoopbackClients,
    Disabled,
}
