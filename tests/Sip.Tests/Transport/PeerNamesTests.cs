using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

public sealed class PeerNamesTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void Dns_names_are_the_names_and_the_common_name_is_not()
    {
        using var certificate = _pki.Issue("Front End Pool", ["pool.example.com", "fe01.example.com"]);

        Assert.Equal(["pool.example.com", "fe01.example.com"], PeerNames.Of(certificate));
    }

    [Fact]
    public void Common_name_is_the_name_when_there_are_no_dns_names()
    {
        using var certificate = _pki.Issue("fe01.example.com", []);

        Assert.Equal(["fe01.example.com"], PeerNames.Of(certificate));
    }

    [Theory]
    [InlineData("fe01.example.com", "fe01.example.com", true)]
    [InlineData("FE01.Example.COM", "fe01.example.com", true)]
    [InlineData("fe01.example.com.", "fe01.example.com", true)]
    [InlineData("fe01.example.com", "fe01.example.com.", true)]
    [InlineData("*.example.com", "fe01.example.com", true)]
    [InlineData("*.Example.com", "FE01.example.COM", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.fe01.example.com", false)]
    [InlineData("*.com", "example.com", false)]
    [InlineData("fe*.example.com", "fe01.example.com", false)]
    [InlineData("fe01.example.com", "fe02.example.com", false)]
    [InlineData("example.com", "fe01.example.com", false)]
    [InlineData("", "", false)]
    public void Name_matching_follows_rfc_6125(string presented, string host, bool matches) =>
        Assert.Equal(matches, PeerNames.Matches(presented, host));
}
