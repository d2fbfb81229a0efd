using System.Security.Authentication;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>The TLS listener: handshake, messages over it, TCP limits that still apply, and certificate reload.</summary>
public sealed class TlsTransportTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Request_over_tls_gets_its_response_on_the_same_session()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx", "s3cret");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = pfx, Password = "s3cret" });
        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName));

        var response = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TLS"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("TLS", response.TopVia!.Transport);
        Assert.True(peer.Tls!.SslProtocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        Assert.True(h.Logs.Has(1052));
    }

    [Fact]
    public async Task Contact_for_tls_names_the_configured_host_with_transport_tls()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = pfx });

        Assert.Equal($"sip:{TlsStack.AgentName}:{h.Tls.Port};transport=tls", h.Stack.GetContactUri(TransportProtocol.Tls).ToString());
    }

    [Fact]
    public async Task Client_limited_to_tls_12_gets_through()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = pfx });
        var options = _pki.ClientOptions(TlsStack.AgentName);
        options.EnabledSslProtocols = SslProtocols.Tls12;

        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, options);

        Assert.Equal(SslProtocols.Tls12, peer.Tls!.SslProtocol);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TLS"))).StatusCode);
    }

    [Fact]
    public async Task Connection_that_never_starts_a_handshake_is_closed_after_the_handshake_timeout()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = pfx, HandshakeTimeout = TimeSpan.FromSeconds(5) });
        var timers = h.Time.ActiveTimers;
        using var silent = await TcpPeer.ConnectAsync(h.Tls);

        // The connection's one deadline timer, which also bounds the handshake: armed once the stack has taken it.
        await Wait.UntilAsync(() => h.Time.ActiveTimers == timers + 1, "handshake timer");
        h.Time.AdvanceSeconds(5);

        Assert.True(await silent.WaitForCloseAsync());
        await h.Logs.WaitForAsync(1053);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 1053 && e.Message.Contains("no handshake within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tls_connections_count_against_the_per_address_limit()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = pfx },
            o => o with { Limits = new SipLimits { MaxConnectionsPerAddress = 1 } });
        using var first = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName));
        Assert.Equal(200, (await first.RequestAsync(SipRequests.Text("OPTIONS", first.SentBy, "TLS"))).StatusCode);

        using var second = await TcpPeer.ConnectAsync(h.Tls);

        Assert.True(await second.WaitForCloseAsync());
        Assert.True(h.Logs.Has(1023));
    }

    [Fact]
    public async Task Reloaded_certificate_is_served_to_new_connections_and_open_ones_keep_going()
    {
        var first = _pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]);
        var (certificatePath, keyPath) = _pki.WritePem(first, "agent");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = certificatePath, KeyPath = keyPath });
        using var before = await ConnectFreshAsync(h);
        Assert.Equal(first.GetCertHashString(), before.Tls!.RemoteCertificate!.GetCertHashString());

        var renewed = _pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]);
        _pki.WritePem(renewed, "agent");
        h.Time.Advance(TlsCertificateStore.CheckInterval);
        using var after = await ConnectFreshAsync(h);

        Assert.Equal(renewed.GetCertHashString(), after.Tls!.RemoteCertificate!.GetCertHashString());
        Assert.Equal(200, (await before.RequestAsync(SipRequests.Text("OPTIONS", before.SentBy, "TLS"))).StatusCode);
        Assert.Equal(2, h.Logs.Count(1050));
    }

    [Fact]
    public async Task Unchanged_files_are_not_reloaded()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = pfx });

        h.Time.Advance(TlsCertificateStore.CheckInterval * 3);

        Assert.Equal(1, h.Logs.Count(1050));
    }

    [Fact]
    public async Task Bad_new_file_is_logged_once_with_its_path_and_the_old_certificate_stays()
    {
        var first = _pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]);
        var (certificatePath, keyPath) = _pki.WritePem(first, "agent");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = certificatePath, KeyPath = keyPath });

        // A renewal caught halfway: the new certificate is in place, its key is not yet.
        var renewed = _pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]);
        File.WriteAllText(certificatePath, renewed.ExportCertificatePem());
        h.Time.Advance(TlsCertificateStore.CheckInterval);
        h.Time.Advance(TlsCertificateStore.CheckInterval);

        var warning = Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1051);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains(certificatePath, warning.Message, StringComparison.Ordinal);
        Assert.Contains(first.Thumbprint, warning.Message, StringComparison.Ordinal);
        using (var during = await ConnectFreshAsync(h))
        {
            Assert.Equal(first.GetCertHashString(), during.Tls!.RemoteCertificate!.GetCertHashString());
        }

        // The key arrives: the next check loads the pair.
        _pki.WritePem(renewed, "agent");
        h.Time.Advance(TlsCertificateStore.CheckInterval);
        using var after = await ConnectFreshAsync(h);
        Assert.Equal(renewed.GetCertHashString(), after.Tls!.RemoteCertificate!.GetCertHashString());
    }

    [Fact]
    public void Tls_listener_whose_certificate_file_is_missing_is_refused_naming_the_file()
    {
        var options = new SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Tls, Address = "127.0.0.1", Port = 0 }],
            Domains = ["example.com"],
            Tls = new SipTlsOptions { CertificatePath = Path.Combine(_pki.Folder, "missing.pfx") },
        };

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new SipStack(options, new ManualTimeProvider(), new TestLogs()));

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith("Sip:Tls:CertificatePath:", failure, StringComparison.Ordinal);
        Assert.Contains("missing.pfx", failure, StringComparison.Ordinal);
    }

    /// <summary>A new client session that cannot resume an earlier one, so the server sends the certificate it has now.</summary>
    private async Task<TcpPeer> ConnectFreshAsync(StackHarness h)
    {
        var options = _pki.ClientOptions(TlsStack.AgentName);
        options.AllowTlsResume = false;
        return await TcpPeer.ConnectTlsAsync(h.Tls, options);
    }
}
