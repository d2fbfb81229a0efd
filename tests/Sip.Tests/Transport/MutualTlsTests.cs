using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>Client certificates on a TLS listener: required, chained to the configured trust store, named in the allow list.</summary>
public sealed class MutualTlsTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Theory]
    [InlineData("fe01.pool.test")]
    [InlineData("FE01.Pool.Test")]
    [InlineData("*.pool.test")]
    public async Task Allowed_certificate_gets_through(string certificateName)
    {
        await using var h = await StartAsync();
        using var fe = _pki.Issue("Front End", [certificateName]);

        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName, fe));

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TLS"))).StatusCode);
        Assert.False(h.Logs.Has(1054));
    }

    [Fact]
    public async Task Common_name_counts_when_the_certificate_has_no_dns_names()
    {
        await using var h = await StartAsync();
        using var fe = _pki.Issue("fe01.pool.test", []);

        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName, fe));

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TLS"))).StatusCode);
    }

    [Fact]
    public async Task Peer_without_a_certificate_is_refused()
    {
        await using var h = await StartAsync();

        var client = await TlsStack.AssertRefusedAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName));

        await AssertRefusalLoggedAsync(h, client, "no certificate");
    }

    [Fact]
    public async Task Certificate_from_an_untrusted_ca_is_refused()
    {
        await using var h = await StartAsync();
        using var stranger = _pki.Issue("fe01.pool.test", ["fe01.pool.test"], trusted: false);

        var client = await TlsStack.AssertRefusedAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName, stranger));

        await AssertRefusalLoggedAsync(h, client, "untrusted chain");
    }

    [Theory]
    [InlineData("intruder.test")]
    [InlineData("*.test")]
    [InlineData("fe01.pool.test.evil.example")]
    public async Task Trusted_certificate_whose_name_is_not_allowed_is_refused(string certificateName)
    {
        await using var h = await StartAsync();
        using var other = _pki.Issue("Other", [certificateName]);

        var client = await TlsStack.AssertRefusedAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName, other));

        await AssertRefusalLoggedAsync(h, client, $"name not allowed ({certificateName})");
    }

    [Fact]
    public async Task A_refused_peer_does_not_disturb_an_accepted_one()
    {
        await using var h = await StartAsync();
        using var fe = _pki.Issue("Front End", ["fe01.pool.test"]);
        using var accepted = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName, fe));

        await TlsStack.AssertRefusedAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName));
        await h.Logs.WaitForAsync(1054);

        Assert.Equal(200, (await accepted.RequestAsync(SipRequests.Text("OPTIONS", accepted.SentBy, "TLS"))).StatusCode);
    }

    private Task<StackHarness> StartAsync()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        return TlsStack.StartAsync(new SipTlsOptions
        {
            CertificatePath = pfx,
            TrustStorePath = _pki.TrustStorePath,
            RequireClientCertificate = true,
            AllowedPeerNames = ["fe01.pool.test", "fe02.pool.test"],
        });
    }

    private static async Task AssertRefusalLoggedAsync(StackHarness h, IPEndPoint client, string reason)
    {
        await h.Logs.WaitForAsync(1054);
        var refusal = Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1054);
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.Contains(client.Port.ToString(CultureInfo.InvariantCulture), refusal.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Assert.Empty(h.Handler.Calls);
    }
}
