using PresenceAgent.Tests.Configuration;

namespace PresenceAgent.Tests.Authentication;

/// <summary>The Authentication section: what loads, and every fault by its key, with secrets never quoted.</summary>
public sealed class AuthenticationConfigurationTests
{
    private static readonly string[] Alice = ["Authentication:Users:0:Name=alice", "Authentication:Users:0:Password=s3cret-value"];

    [Fact]
    public void Off_by_default_with_the_documented_defaults()
    {
        var options = TestConfiguration.Load(TestConfiguration.Build()).Config.Authentication;

        Assert.False(options.Enabled);
        Assert.Null(options.Realm);
        Assert.Equal(300, options.NonceLifetimeSeconds);
        Assert.Equal(["SUBSCRIBE"], options.MethodsInForce);
        Assert.Equal(["SHA-256", "MD5"], options.AlgorithmsInForce);
        Assert.Equal(100_000, options.MaxTrackedNonces);
        Assert.Empty(options.Users);
    }

    [Fact]
    public void Users_load_with_their_secrets_and_addresses()
    {
        var config = TestConfiguration.Load(TestConfiguration.Build([.. Alice, "Authentication:Enabled=true", "Authentication:Methods:0=PUBLISH",
            "Authentication:Methods:1=subscribe", "Authentication:Algorithms:0=MD5",
            "Authentication:Users:1:Name=bob", $"Authentication:Users:1:Ha1Md5={new string('a', 32)}",
            "Authentication:Users:1:AddressOfRecord=sip:bob.smith@example.com"])).Config;

        var options = config.Authentication;
        Assert.Equal("vc.example.com", options.RealmIn(config.Sip));
        Assert.Equal(["PUBLISH", "subscribe"], options.MethodsInForce);
        Assert.Equal(["MD5"], options.AlgorithmsInForce);
        Assert.Equal(2, options.Users.Count);
        Assert.True(options.Users[1].TryIdentity("vc.example.com", out var bob));
        Assert.Equal("bob.smith@example.com", bob);
        Assert.True(options.Users[0].TryIdentity("vc.example.com", out var alice));
        Assert.Equal("alice@vc.example.com", alice);
    }

    [Theory]
    [InlineData("Authentication:Users: empty while Authentication:Enabled is true", "Authentication:Enabled=true")]
    [InlineData("Authentication:Realm: unset and Sip:Domains is empty", "Authentication:Enabled=true", "Sip:Domains", "Authentication:Users:0:Name=a",
        "Authentication:Users:0:Password=p")]
    [InlineData("Authentication:Realm: 'a\"b' is not a realm", "Authentication:Realm=a\"b")]
    [InlineData("Authentication:NonceLifetimeSeconds: 5 must be 10-86400", "Authentication:NonceLifetimeSeconds=5")]
    [InlineData("Authentication:MaxTrackedNonces: 10 must be 1000-10000000", "Authentication:MaxTrackedNonces=10")]
    [InlineData("Authentication:Methods:0: 'INVITE' is not challenged here", "Authentication:Methods:0=INVITE")]
    [InlineData("Authentication:Algorithms:0: 'MD5-sess' is not offered here", "Authentication:Algorithms:0=MD5-sess")]
    [InlineData("Authentication:Algorithms:1: 'md5' is listed twice", "Authentication:Algorithms:0=MD5", "Authentication:Algorithms:1=md5")]
    [InlineData("Authentication:Users:0:Name: '' is not a user name", "Authentication:Users:0:Password=p")]
    [InlineData("Authentication:Users:0: neither Password nor Ha1Sha256/Ha1Md5", "Authentication:Users:0:Name=a")]
    [InlineData("Authentication:Users:0: both Password and an HA1", "Authentication:Users:0:Name=a", "Authentication:Users:0:Password=p",
        "Authentication:Users:0:Ha1Md5=0123456789abcdef0123456789abcdef")]
    [InlineData("Authentication:Users:0:Ha1Sha256: not 64 hex digits", "Authentication:Users:0:Name=a", "Authentication:Users:0:Ha1Sha256=abc")]
    [InlineData("Authentication:Users:0: no HA1 for an algorithm Authentication:Algorithms offers", "Authentication:Users:0:Name=a",
        "Authentication:Users:0:Ha1Md5=0123456789abcdef0123456789abcdef", "Authentication:Algorithms:0=SHA-256")]
    [InlineData("Authentication:Users:0:AddressOfRecord: 'bob' is not user@host", "Authentication:Users:0:Name=a", "Authentication:Users:0:Password=p",
        "Authentication:Users:0:AddressOfRecord=bob")]
    [InlineData("Authentication:Users:1:Name: 'ALICE' names another user too", "Authentication:Users:0:Name=alice", "Authentication:Users:0:Password=p",
        "Authentication:Users:1:Name=ALICE", "Authentication:Users:1:Password=q")]
    [InlineData("Authentication:Users:0:Pasword: no such setting", "Authentication:Users:0:Name=a", "Authentication:Users:0:Pasword=p")]
    [InlineData("Authentication:Enable: no such setting", "Authentication:Enable=true")]
    public void A_fault_is_reported_at_its_key(string expected, params string[] edits) =>
        Assert.Contains(TestConfiguration.Errors(edits), e => e.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void A_valid_section_loads_and_its_secrets_appear_in_no_error()
    {
        Assert.Empty(TestConfiguration.Errors([.. Alice, "Authentication:Enabled=true"]));

        var errors = TestConfiguration.Errors([.. Alice, "Authentication:Users:0:Ha1Md5=not-hex-s3cret", "Authentication:Users:1:Name=b",
            "Authentication:Users:1:Ha1Sha256=another-s3cret"]);

        Assert.NotEmpty(errors);
        Assert.DoesNotContain(errors, e => e.Contains("s3cret", StringComparison.Ordinal));
    }
}
