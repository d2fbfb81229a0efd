using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PresenceAgent.Http;

/// <summary>
/// Who may use the <c>/api</c> endpoints, as issue 10 asks: credentials from configuration, required unless the
/// client is on loopback.
/// <list type="bullet">
/// <item>A loopback client (127.0.0.0/8, ::1) is let in without credentials while Http:ApiLoopbackTrusted is on (the
/// default), unless the request carries <c>Forwarded</c> or <c>X-Forwarded-For</c>: a proxy relayed it for someone
/// else.</item>
/// <item>Anyone else sends Http:ApiToken as <c>Authorization: Bearer &lt;token&gt;</c> (RFC 6750), or as the password
/// of <c>Authorization: Basic</c> (RFC 7617) with any user name, for platforms that can only send a user name and
/// password; without it, or with another, 401 with a challenge for both schemes.</item>
/// <item>Http:AdminToken opens the API too, where the admin rule takes it (<see cref="AdminAccess.AcceptsToken"/>: over
/// HTTPS, or from loopback): the admin console changes presence through these endpoints with the one credential its
/// admin signed in with, and whoever holds the admin token may do more than the API allows anyway.</item>
/// <item>With neither token configured, anyone else gets 403: no credential could help.</item>
/// </list>
/// The token is compared by <see cref="SecretDigest"/>, in constant time.
/// </summary>
internal sealed class ApiAccess
{
    private const string Realm = "PresenceAgent API";

    private readonly SecretDigest? _token;
    private readonly AdminAccess _admin;
    private readonly bool _loopbackTrusted;

    public ApiAccess(HttpOptions http)
    {
        _token = string.IsNullOrEmpty(http.ApiToken) ? null : new SecretDigest(http.ApiToken);
        _admin = AdminAccess.For(http);
        _loopbackTrusted = http.ApiLoopbackTrusted;
    }

    /// <summary>Whether a token is configured (the API's or the admin's), so clients beyond loopback can be let in at all.</summary>
    public bool HasToken => _token is not null || _admin.Mode == AdminAccessMode.Token;

    /// <summary>The problem to answer a request that may not use the API with; null when it may.</summary>
    public ProblemHttpResult? Refusal(HttpContext http)
    {
        if (_loopbackTrusted && IsLocal(http))
        {
            return null;
        }

        if (!HasToken)
        {
            return ApiProblems.Status(StatusCodes.Status403Forbidden,
                "The API answers loopback clients only: Http:ApiToken is not set.");
        }

        if ((_token is not null && Presented(http.Request.Headers.Authorization.ToString()) is { } token && _token.Matches(token)) ||
            _admin.AcceptsToken(http))
        {
            return null;
        }

        // RFC 9110 §11.6.1: one challenge per scheme the client may use.
        http.Response.Headers.WWWAuthenticate = new([$"Bearer realm=\"{Realm}\"", $"Basic realm=\"{Realm}\", charset=\"UTF-8\""]);
        return ApiProblems.Status(StatusCodes.Status401Unauthorized,
            "Send Http:ApiToken as Authorization: Bearer <token>, or as the password of Basic.");
    }

    /// <summary>A direct loopback client: on loopback, and not relayed by a proxy for someone else.</summary>
    private static bool IsLocal(HttpContext http) => AdminAccess.IsLoopbackClient(http) && !AdminAccess.IsForwarded(http);

    /// <summary>The token of a Bearer header, or the password of a Basic one; null for anything else.</summary>
    private static string? Presented(string authorization)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var scheme = authorization.AsSpan(0, space);
        var credentials = authorization.AsSpan(space + 1).Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return credentials.ToString();
        }

        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || credentials.Length > 1024)
        {
            return null;
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(credentials.Length)];
        if (!Convert.TryFromBase64Chars(credentials, bytes, out var length))
        {
            return null;
        }

        // RFC 7617 §2: user-id ":" password; the user name is not checked, the password is the token.
        var pair = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : pair[(colon + 1)..];
    }
}
