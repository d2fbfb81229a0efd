using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

/// <summary>Who may use the /api endpoints, decided per request from the client's address and its Authorization.</summary>
public sealed class ApiAccessTests
{
    private const string Token = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0gH2jK4lZ8=";

    private static readonly ApiAccess WithToken = new(new HttpOptions { ApiToken = Token });

    private static readonly ApiAccess WithoutToken = new(new HttpOptions());

    private static DefaultHttpContext Request(string address, string? authorization = null, string? forwardedHeader = null)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        if (forwardedHeader is not null)
        {
            http.Request.Headers[forwardedHeader] = "198.51.100.7";
        }

        return http;
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_clients_need_no_credentials(string address)
    {
        Assert.Null(WithoutToken.Refusal(Request(address)));
        Assert.Null(WithToken.Refusal(Request(address)));
    }

    [Fact]
    public void Without_a_token_anyone_else_is_forbidden_since_no_credential_could_help()
    {
        var refusal = WithoutToken.Refusal(Request("192.0.2.10", "Bearer " + Token));

        Assert.Equal(StatusCodes.Status403Forbidden, refusal?.StatusCode);
        Assert.Contains("Http:ApiToken is not set", refusal!.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-of-some-length-wrong-token")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("Token " + Token)]
    [InlineData("Basic !!not-base64!!")]
    [InlineData("Basic dXNlcg==")]
    public void A_client_beyond_loopback_without_the_token_is_challenged_for_both_schemes(string? authorization)
    {
        var http = Request("192.0.2.10", authorization);

        var refusal = WithToken.Refusal(http);

        Assert.Equal(StatusCodes.Status401Unauthorized, refusal?.StatusCode);
        Assert.Equal(["Bearer realm=\"PresenceAgent API\"", "Basic realm=\"PresenceAgent API\", charset=\"UTF-8\""],
            http.Response.Headers.WWWAuthenticate.Select(v => v ?? ""));
    }

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer   " + Token)]
    [InlineData("BASIC")]
    public void A_client_beyond_loopback_with_the_token_is_let_in(string authorization)
    {
        // Any user name: a platform's event sink sends one, and the token alone is the secret.
        var header = authorization == "BASIC" ? Basic("pexip", Token) : authorization;

        Assert.Null(WithToken.Refusal(Request("2001:db8::5", header)));
    }

    [Fact]
    public void The_password_of_basic_is_the_token_whatever_the_user_name()
    {
        Assert.Null(WithToken.Refusal(Request("192.0.2.10", Basic("", Token))));
        Assert.NotNull(WithToken.Refusal(Request("192.0.2.10", Basic(Token, "x"))));
    }

    [Theory]
    [InlineData("Forwarded")]
    [InlineData("X-Forwarded-For")]
    public void A_loopback_request_a_proxy_forwarded_needs_the_token(string header)
    {
        Assert.Equal(StatusCodes.Status401Unauthorized, WithToken.Refusal(Request("127.0.0.1", forwardedHeader: header))?.StatusCode);
        Assert.Null(WithToken.Refusal(Request("127.0.0.1", "Bearer " + Token, header)));
    }

    [Fact]
    public void With_loopback_not_trusted_loopback_clients_need_the_token()
    {
        var access = new ApiAccess(new HttpOptions { ApiToken = Token, ApiLoopbackTrusted = false });

        Assert.Equal(StatusCodes.Status401Unauthorized, access.Refusal(Request("127.0.0.1"))?.StatusCode);
        Assert.Null(access.Refusal(Request("127.0.0.1", "Bearer " + Token)));
    }

    [Fact]
    public void The_admin_token_opens_the_api_where_admin_takes_it_over_https_or_on_loopback()
    {
        const string admin = "Zr8mQ2vX5nB7kL1pT4wY6hJ9cF3dS0gA8eU2iO5=";
        var access = new ApiAccess(new HttpOptions { Urls = "https://0.0.0.0:8443", AdminToken = admin, ApiLoopbackTrusted = false });
        var overHttps = Request("192.0.2.10", "Bearer " + admin);
        overHttps.Request.Scheme = "https";

        Assert.Null(access.Refusal(overHttps));
        Assert.Null(access.Refusal(Request("127.0.0.1", "Bearer " + admin)));
        Assert.Equal(StatusCodes.Status401Unauthorized, access.Refusal(Request("192.0.2.10", "Bearer " + admin))?.StatusCode);
        Assert.Equal(StatusCodes.Status401Unauthorized, access.Refusal(Request("127.0.0.1"))?.StatusCode);
        Assert.True(access.HasToken);
    }

    [Fact]
    public void A_client_without_an_address_is_not_on_loopback()
    {
        // A Unix socket (a proxy on the same host) has no IP address.
        var http = new DefaultHttpContext();

        Assert.Equal(StatusCodes.Status401Unauthorized, WithToken.Refusal(http)?.StatusCode);
    }
}
