namespace PresenceAgent.Tests.Configuration;

/// <summary>The Publications section: what loads, and every fault by its key.</summary>
public sealed class PublicationConfigurationTests
{
    private static readonly string[] Tls =
    [
        "Sip:Listeners:1:Protocol=Tls", "Sip:Tls:CertificatePath=/nonexistent/agent.pfx", "Sip:Tls:RequireClientCertificate=true",
    ];

    [Fact]
    public void Publishers_load_with_their_networks_and_names()
    {
        var config = TestConfiguration.Load(TestConfiguration.Build(
            "Publications:Publishers:0:Name=pexip-nodes", "Publications:Publishers:0:Networks:0=10.1.0.0/16",
            "Publications:Publishers:0:Networks:1=2001:db8::1", "Publications:MaxPerAlias=4")).Config;

        var publisher = Assert.Single(config.Publications.Publishers);
        Assert.Equal("pexip-nodes", publisher.Name);
        Assert.Equal(["10.1.0.0/16", "2001:db8::1"], publisher.Networks);
        Assert.Equal(4, config.Publications.MaxPerAlias);
        Assert.Equal(3600, config.Publications.DefaultExpires);
    }

    [Fact]
    public void Nobody_publishes_by_default() =>
        Assert.Empty(TestConfiguration.Load(TestConfiguration.Build()).Config.Publications.Publishers);

    [Theory]
    [InlineData("Publications:Publishers:0:Name: empty", "Publications:Publishers:0:Networks:0=10.0.0.0/8")]
    [InlineData("Publications:Publishers:0: neither Networks nor PeerNames", "Publications:Publishers:0:Name=nodes")]
    [InlineData("Publications:Publishers:0:Networks:0: '10.1.0.1/16' is not", "Publications:Publishers:0:Name=nodes", "Publications:Publishers:0:Networks:0=10.1.0.1/16")]
    [InlineData("Publications:Publishers:0:Netwroks: no such setting", "Publications:Publishers:0:Name=nodes", "Publications:Publishers:0:Netwroks:0=10.0.0.0/8")]
    [InlineData("Publications:Publishers:0:PeerNames: names are only known from client certificates", "Publications:Publishers:0:Name=nodes",
        "Publications:Publishers:0:PeerNames:0=conf01.example.com")]
    [InlineData("Publications:MinExpires: 0 must be 1-3600", "Publications:MinExpires=0")]
    [InlineData("Publications:DefaultExpires: 30 must lie between MinExpires and MaxExpires", "Publications:DefaultExpires=30")]
    [InlineData("Publications:MaxBodyBytes: 100 must be 1024-1048576", "Publications:MaxBodyBytes=100")]
    [InlineData("Publications:Publishr: no such setting", "Publications:Publishr=x")]
    public void A_fault_is_reported_at_its_key(string expected, params string[] edits) =>
        Assert.Contains(TestConfiguration.Errors(edits), e => e.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void Two_publishers_may_not_share_a_name() =>
        Assert.Contains("Publications:Publishers:1:Name: 'Nodes' names another publisher too; each name once.", TestConfiguration.Errors(
            "Publications:Publishers:0:Name=nodes", "Publications:Publishers:0:Networks:0=10.0.0.0/8",
            "Publications:Publishers:1:Name=Nodes", "Publications:Publishers:1:Networks:0=192.0.2.10"));

    [Fact]
    public void A_peer_name_must_be_one_the_handshake_lets_through()
    {
        var errors = TestConfiguration.Errors([.. Tls, "Sip:Tls:AllowedPeerNames:0=fe01.example.com",
            "Publications:Publishers:0:Name=nodes", "Publications:Publishers:0:PeerNames:0=conf01.example.com",
            "Publications:Publishers:0:PeerNames:1=*.example.com"]);

        Assert.Contains(errors, e => e.StartsWith("Publications:Publishers:0:PeerNames:0: 'conf01.example.com' is not in Sip:Tls:AllowedPeerNames", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Publications:Publishers:0:PeerNames:1: '*.example.com' is not a host name", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("names are only known from client certificates", StringComparison.Ordinal));
    }
}
