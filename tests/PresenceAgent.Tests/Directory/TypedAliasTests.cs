using PresenceAgent.Directory;

namespace PresenceAgent.Tests.Directory;

/// <summary>An alias as an admin types it, read as a SUBSCRIBE's Request-URI.</summary>
public sealed class TypedAliasTests
{
    private static readonly string[] Domains = ["vc.example.com", "vc.test"];

    [Theory]
    [InlineData("meet.alice", "sip:meet.alice@vc.example.com", "vc.example.com")]
    [InlineData("meet.alice@vc.test", "sip:meet.alice@vc.test", null)]
    [InlineData("sip:meet.alice@vc.test", "sip:meet.alice@vc.test", null)]
    [InlineData("SIPS:meet.alice@vc.test", "sip:meet.alice@vc.test", null)]
    [InlineData("+4420712345678@vc.example.com", "sip:+4420712345678@vc.example.com", null)]
    [InlineData("meet%2Ealice", "sip:meet.alice@vc.example.com", "vc.example.com")]
    public void An_alias_names_user_at_host(string typed, string uri, string? assumed)
    {
        Assert.True(TypedAlias.TryParse(typed, Domains, out var parsed, out var domain));
        Assert.Equal((uri, assumed), (ContactDirectory.BareUri(parsed), domain));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("@vc.test")]
    [InlineData("meet.alice@vc.test:5060")]
    [InlineData("sip:meet.alice@vc.test;transport=tcp")]
    [InlineData("sip:meet.alice@vc.test?subject=x")]
    public void What_is_no_alias_is_refused(string typed) => Assert.False(TypedAlias.TryParse(typed, Domains, out _, out _));
}
