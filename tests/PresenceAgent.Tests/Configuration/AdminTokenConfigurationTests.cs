namespace PresenceAgent.Tests.Configuration;

/// <summary>Http:AdminToken: long enough not to be guessed, sendable in a Bearer header, and never quoted in an error.</summary>
public sealed class AdminTokenConfigurationTests
{
    private const string Good = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g=";

    [Fact]
    public void A_long_base64_token_is_accepted() => Assert.Empty(TestConfiguration.Errors("Http:AdminToken=" + Good));

    [Fact]
    public void An_empty_token_means_none() => Assert.Empty(TestConfiguration.Errors("Http:AdminToken="));

    [Fact]
    public void A_short_token_is_an_error_that_does_not_quote_it()
    {
        var error = Assert.Single(TestConfiguration.Errors("Http:AdminToken=hunter2hunter2"));

        Assert.StartsWith("Http:AdminToken: 14 characters; use at least 32", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a token with spaces in it, long enough to pass")]
    [InlineData("tokentokentokentokentokentoken\"quoted\"")]
    [InlineData("=tokentokentokentokentokentokentoken")]
    public void A_token_a_bearer_header_cannot_carry_is_an_error(string token)
    {
        var error = Assert.Single(TestConfiguration.Errors("Http:AdminToken=" + token));

        Assert.StartsWith("Http:AdminToken: has characters", error, StringComparison.Ordinal);
    }
}
