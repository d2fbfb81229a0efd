using System.Net;

namespace PresenceAgent.Http;

/// <summary>
/// Who may use the admin endpoints, the admin console and <c>/metrics</c>: they show the internal dial plan, change
/// presence and can force collections, so they are never open to the network by accident. The rule:
/// <list type="number">
/// <item>Http:AdminToken set: every client sends <c>Authorization: Bearer &lt;token&gt;</c>, loopback clients too (a
/// reverse proxy on the same host makes every client look local); without it, or with another, 401 with
/// <c>WWW-Authenticate: Bearer</c> (RFC 6750 §3). A client beyond loopback must come over HTTPS, or the token would
/// cross the network in clear: plain HTTP from there gets 403 saying so, before any token is looked at.</item>
/// <item>No token, every Http:Urls address loopback (127.0.0.0/8, ::1, localhost): direct loopback clients only, no
/// token; 403 to any other and to a request a proxy relayed (<c>Forwarded</c>, <c>X-Forwarded-For</c>), which is
/// someone else's.</item>
/// <item>No token, any address that is not loopback (a wildcard, a host name, a public address): admin is disabled
/// and answers 404 as if absent; start logs a Warning saying so.</item>
/// </list>
/// The console's pages, scripts and styles hold no data, so they are served under the same rule without the token
/// (<see cref="PageRefusal"/>): a browser cannot send a bearer token when it opens a URL, and the page then asks the
/// admin for it. The token is compared as SHA-256 digests in constant time, so timing reveals neither its bytes nor
/// its length.
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

    /// <summary>The answer for a request that may not use admin data; null when it may.</summary>
    public IResult? Refusal(HttpContext http) => Refusal(http, needsToken: true);

    /// <summary>The answer for a request that may not load the console's pages, which hold no data; null when it may.</summary>
    public IResult? PageRefusal(HttpContext http) => Refusal(http, needsToken: false);

    /// <summary>Whether the request carries the admin token where the admin rule takes it (Token mode, over HTTPS or loopback).</summary>
    public bool AcceptsToken(HttpContext http) => Mode == AdminAccessMode.Token && Refusal(http, needsToken: true) is null;

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

    /// <summary>A client on loopback (an IPv4 client of a dual-stack socket arrives as ::ffff:127.x.y.z); a Unix socket has no address.</summary>
    internal static bool IsLoopbackClient(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);

    /// <summary>Whether a proxy says it relayed the request for someone else.</summary>
    internal static bool IsForwarded(HttpContext http) =>
        http.Request.Headers.ContainsKey("Forwarded") || http.Request.Headers.ContainsKey("X-Forwarded-For");

    private IResult? Refusal(HttpContext http, bool needsToken)
    {
        switch (Mode)
        {
            case AdminAccessMode.Disabled:
                return Results.NotFound();
            case AdminAccessMode.LoopbackClients when !IsLoopbackClient(http) || IsForwarded(http):
                return Results.Text("Admin answers clients on the agent's own host only: Http:AdminToken is not set. Set it (and an https " +
                    "URL in Http:Urls) to use admin from elsewhere.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            case AdminAccessMode.Token when !http.Request.IsHttps && !IsLoopbackClient(http):
                return Results.Text("Admin answers over HTTPS only beyond the agent's own host, so the admin token never crosses the network " +
                    "in clear: open this page at an https URL of Http:Urls.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            case AdminAccessMode.Token when needsToken && !HasToken(http.Request.Headers.Authorization):
                http.Response.Headers.WWWAuthenticate = $"{BearerScheme} realm=\"PresenceAgent admin\"";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            default:
                return null;
        }
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
