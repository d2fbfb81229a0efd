namespace PresenceAgent.Tests.Configuration;

/// <summary>Http:ApiToken, Http:ApiLoopbackTrusted and Http:ApiMaxBodyBytes: checked at start like the admin token.</summary>
public sealed class ApiConfigurationTests
{
    private const string Good = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g=";

    [Fact]
    public void A_long_base64_token_is_accepted() => Assert.Empty(TestConfiguration.Errors("Http:ApiToken=" + Good));

    [Fact]
    public void A_short_token_is_an_error_that_does_not_quote_it()
    {
        var error = Assert.Single(TestConfiguration.Errors("Http:ApiToken=hunter2hunter2"));

        Assert.StartsWith("Http:ApiToken: 14 characters; use at least 32", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_a_bearer_header_cannot_carry_is_an_error() =>
        Assert.StartsWith("Http:ApiToken: has characters", Assert.Single(TestConfiguration.Errors("Http:ApiToken=a token with spaces in it, long enough to pass")),
            StringComparison.Ordinal);

    [Fact]
    public void Not_trusting_loopback_needs_a_token()
    {
        Assert.StartsWith("Http:ApiLoopbackTrusted: false without Http:ApiToken", Assert.Single(TestConfiguration.Errors("Http:ApiLoopbackTrusted=false")),
            StringComparison.Ordinal);
        Assert.Empty(TestConfiguration.Errors("Http:ApiLoopbackTrusted=false", "Http:ApiToken=" + Good));
    }

    [Theory]
    [InlineData("1023")]
    [InlineData("16777217")]
    public void A_body_limit_out_of_range_is_an_error(string bytes) =>
        Assert.StartsWith("Http:ApiMaxBodyBytes: " + bytes + " must be 1024-16777216", Assert.Single(TestConfiguration.Errors("Http:ApiMaxBodyBytes=" + bytes)),
            StringComparison.Ordinal);
}
