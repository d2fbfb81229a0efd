using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

/// <summary>The admin rule per request: the client's address, the scheme, a proxy's headers and the token; pages need no token.</summary>
public sealed class AdminAccessRefusalTests
{
    private const string Token = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0gH2jK4lZ8=";

    private static readonly AdminAccess WithToken = AdminAccess.For(new HttpOptions { Urls = "https://0.0.0.0:8443", AdminToken = Token });

    private static readonly AdminAccess LoopbackOnly = AdminAccess.For(new HttpOptions { Urls = "http://127.0.0.1:8088" });

    private static DefaultHttpContext Request(string? address, string scheme = "http", string? token = null, bool forwarded = false)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        http.Request.Scheme = scheme;
        if (token is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + token;
        }

        if (forwarded)
        {
            http.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
        }

        return http;
    }

    private static int? Status(IResult? result) => (result as IStatusCodeHttpResult)?.StatusCode;

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("2001:db8::5")]
    [InlineData(null)]
    public void Beyond_loopback_plain_http_is_refused_even_with_the_token_saying_to_use_https(string? address)
    {
        var refusal = WithToken.Refusal(Request(address, token: Token));

        Assert.Equal(StatusCodes.Status403Forbidden, Status(refusal));
        Assert.Contains("HTTPS", Assert.IsType<ContentHttpResult>(refusal).ResponseContent, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status403Forbidden, Status(WithToken.PageRefusal(Request(address))));
        Assert.False(WithToken.AcceptsToken(Request(address, token: Token)));
    }

    [Fact]
    public void Beyond_loopback_over_https_the_token_opens_admin_and_pages_need_none()
    {
        Assert.Null(WithToken.Refusal(Request("192.0.2.10", "https", Token)));
        Assert.True(WithToken.AcceptsToken(Request("192.0.2.10", "https", Token)));
        Assert.Null(WithToken.PageRefusal(Request("192.0.2.10", "https")));
        Assert.Equal(StatusCodes.Status401Unauthorized, Status(WithToken.Refusal(Request("192.0.2.10", "https"))));
        Assert.Equal(StatusCodes.Status401Unauthorized, Status(WithToken.Refusal(Request("192.0.2.10", "https", "another-token-another-token-another"))));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void On_loopback_plain_http_carries_the_token(string address)
    {
        Assert.Null(WithToken.Refusal(Request(address, token: Token)));
        Assert.Equal(StatusCodes.Status401Unauthorized, Status(WithToken.Refusal(Request(address))));
    }

    [Fact]
    public void Without_a_token_only_direct_loopback_clients_get_in()
    {
        Assert.Null(LoopbackOnly.Refusal(Request("127.0.0.1")));
        Assert.Null(LoopbackOnly.PageRefusal(Request("::ffff:127.0.0.1")));
        Assert.Equal(StatusCodes.Status403Forbidden, Status(LoopbackOnly.Refusal(Request("192.0.2.10"))));
        Assert.Equal(StatusCodes.Status403Forbidden, Status(LoopbackOnly.Refusal(Request("127.0.0.1", forwarded: true))));
        Assert.Equal(StatusCodes.Status403Forbidden, Status(LoopbackOnly.PageRefusal(Request(null))));
        Assert.False(LoopbackOnly.AcceptsToken(Request("127.0.0.1")));
    }

    [Fact]
    public void Disabled_admin_is_absent_to_everyone()
    {
        var disabled = AdminAccess.For(new HttpOptions { Urls = "http://0.0.0.0:8088" });

        Assert.Equal(StatusCodes.Status404NotFound, Status(disabled.Refusal(Request("127.0.0.1"))));
        Assert.Equal(StatusCodes.Status404NotFound, Status(disabled.PageRefusal(Request("127.0.0.1"))));
    }
}
