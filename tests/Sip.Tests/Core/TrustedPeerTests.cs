using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>Which peers are trusted: configured networks, and TLS Front Ends by the names their certificates were checked against.</summary>
public sealed class TrustedPeerTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_tls_peer_is_trusted_when_its_certificate_was_checked_against_the_allowed_names(bool namesConfigured)
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions
        {
            CertificatePath = pfx,
            TrustStorePath = _pki.TrustStorePath,
            RequireClientCertificate = true,
            AllowedPeerNames = namesConfigured ? ["fe01.pool.test"] : [],
        });
        using var fe = _pki.Issue("Front End", ["fe01.pool.test"]);
        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName, fe));

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, "TLS", headers: ["Event: presence"]))).StatusCode);

        Assert.Equal(namesConfigured, Assert.Single(h.Handler.Calls).IsTrustedPeer);
    }

    [Fact]
    public async Task The_handler_learns_the_names_of_a_tls_peers_client_certificate()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions
        {
            CertificatePath = pfx,
            TrustStorePath = _pki.TrustStorePath,
            RequireClientCertificate = true,
        });
        using var publisher = _pki.Issue("Conference node", ["node1.conf.test", "nodes.conf.test"]);
        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName, publisher));

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, "TLS", headers: ["Event: presence"]))).StatusCode);

        Assert.Equal(["node1.conf.test", "nodes.conf.test"], Assert.Single(h.Handler.Calls).PeerCertificateNames);
    }

    [Fact]
    public async Task A_peer_without_a_client_certificate_has_no_names()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = new UdpPeer();

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence"]), h.Udp)).StatusCode);

        Assert.Empty(Assert.Single(h.Handler.Calls).PeerCertificateNames);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.0/8", true)]
    [InlineData("::1", false)]
    [InlineData("10.0.0.0/8", false)]
    public async Task A_peer_is_trusted_when_its_source_is_in_a_trusted_network(string network, bool trusted)
    {
        await using var h = await StackHarness.StartAsync(o => o with { TrustedPeers = new SipTrustedPeersOptions { Networks = [network] } });
        using var peer = new UdpPeer();

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, headers: ["Event: presence"]), h.Udp)).StatusCode);

        Assert.Equal(trusted, Assert.Single(h.Handler.Calls).IsTrustedPeer);
    }
}
