using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// Requests the stack sends over TLS: to a peer named by the static hosts map, whose certificate must name it, with
/// our certificate for peers that ask, on a reused connection.
/// </summary>
public sealed class TlsTargetTests : IDisposable
{
    private const string PeerName = "fe01.test";

    private readonly TestPki _pki = new();
    private readonly X509Certificate2 _agentCertificate;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public TlsTargetTests()
    {
        _agentCertificate = _pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
    }

    private int PeerPort => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public void Dispose()
    {
        _listener.Dispose();
        _agentCertificate.Dispose();
        _pki.Dispose();
    }

    [Theory]
    [InlineData("sip:watcher@fe01.test:{0};transport=tls")]
    [InlineData("sips:watcher@fe01.test:{0}")]
    [InlineData("sips:watcher@FE01.Test:{0};transport=tcp")]
    public async Task Notify_goes_over_tls_to_the_named_host_with_our_certificate(string uriFormat)
    {
        await using var h = await StartAsync();
        using var fe = _pki.Issue("Front End", [PeerName]);

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify(string.Format(CultureInfo.InvariantCulture, uriFormat, PeerPort)));
        using var peer = await TcpPeer.AcceptTlsAsync(await _listener.AcceptAsync().WaitAsync(Timeouts.HangGuard), _pki.ServerOptions(fe, requireClientCertificate: true));
        var received = await peer.ReceiveRequestAsync();
        await peer.SendAsync(SipRequests.OkFor(received));

        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Equal(PeerName, peer.Tls!.TargetHostName, ignoreCase: true);
        Assert.Equal(_agentCertificate.GetCertHashString(), peer.Tls.RemoteCertificate!.GetCertHashString());
        var via = received.TopVia!;
        Assert.Equal("TLS", via.Transport);
        Assert.Equal(TlsStack.AgentName, via.Host);
        Assert.Equal(h.Tls.Port, via.Port);
    }

    [Fact]
    public async Task Second_request_to_the_peer_reuses_the_connection()
    {
        await using var h = await StartAsync();
        using var fe = _pki.Issue("Front End", [PeerName]);
        var uri = $"sip:watcher@{PeerName}:{PeerPort};transport=tls";
        var first = h.Stack.SendRequestAsync(TcpTransportTests.Notify(uri));
        using var peer = await TcpPeer.AcceptTlsAsync(await _listener.AcceptAsync().WaitAsync(Timeouts.HangGuard), _pki.ServerOptions(fe, requireClientCertificate: false));
        await peer.SendAsync(SipRequests.OkFor(await peer.ReceiveRequestAsync()));
        await first.WaitAsync(Timeouts.HangGuard);

        var second = h.Stack.SendRequestAsync(TcpTransportTests.Notify(uri));
        await peer.SendAsync(SipRequests.OkFor(await peer.ReceiveRequestAsync()));

        Assert.Equal(200, (await second.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Equal(1, h.Logs.Count(1021));
    }

    [Fact]
    public async Task Request_with_a_preferred_tls_flow_goes_on_the_connection_the_peer_opened()
    {
        await using var h = await StartAsync();
        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName));
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy, "TLS", headers: ["Event: presence"]))).StatusCode);
        var flow = Assert.Single(h.Handler.Calls).Flow;

        // The Request-URI leads nowhere: only the flow reaches the watcher.
        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify("sip:watcher@127.0.0.1:1;transport=tls"), flow);
        var received = await peer.ReceiveRequestAsync();
        await peer.SendAsync(SipRequests.OkFor(received));

        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Equal("TLS", received.TopVia!.Transport);
    }

    [Theory]
    [InlineData("other.test", true, "does not name fe01.test")]
    [InlineData(PeerName, false, "untrusted chain")]
    public async Task Peer_whose_certificate_fails_the_checks_is_a_transport_error(string certificateName, bool trusted, string reason)
    {
        await using var h = await StartAsync();
        using var impostor = _pki.Issue("Impostor", [certificateName], trusted);

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify($"sip:watcher@{PeerName}:{PeerPort};transport=tls"));
        using var accepted = await _listener.AcceptAsync().WaitAsync(Timeouts.HangGuard);
        var serving = TcpPeer.AcceptTlsAsync(accepted, _pki.ServerOptions(impostor, requireClientCertificate: false));

        Assert.Equal(ClientTransactionOutcome.TransportError, (await pending.WaitAsync(Timeouts.HangGuard)).Outcome);
        var refusal = Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1055);
        Assert.Contains(PeerName, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);

        // The stack checks the certificate once the TLS handshake is through, so this side may have seen it finish.
        try
        {
            (await serving).Dispose();
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
        }
    }

    private Task<StackHarness> StartAsync()
    {
        var pfx = _pki.WritePfx(_agentCertificate, "agent.pfx");
        return TlsStack.StartAsync(
            new SipTlsOptions { CertificatePath = pfx, TrustStorePath = _pki.TrustStorePath },
            o => o with { Hosts = new Dictionary<string, string> { [PeerName] = "127.0.0.1" } });
    }
}
