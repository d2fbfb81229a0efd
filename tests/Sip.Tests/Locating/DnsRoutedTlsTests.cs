using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Tests.Transport;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Locating;

/// <summary>Outbound TLS to a Front End pool that DNS names (_sips._tcp SRV), as Lync and Skype for Business publish it.</summary>
public sealed class DnsRoutedTlsTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [DnsmasqFact]
    public async Task Sips_notify_fails_over_to_the_next_front_end_and_checks_the_pool_name()
    {
        using var agent = _pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]);
        using var pool = _pki.Issue("Front End", ["pool.test"]);
        using var down = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        down.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 0));
        listener.Listen();
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.3 fe1.pool.test\n127.0.0.4 fe2.pool.test\n", 60,
            $"--srv-host=_sips._tcp.pool.test,fe1.pool.test,{((IPEndPoint)down.LocalEndPoint!).Port},0,50",
            $"--srv-host=_sips._tcp.pool.test,fe2.pool.test,{((IPEndPoint)listener.LocalEndPoint!).Port},1,50");
        await using var h = await TlsStack.StartAsync(
            new SipTlsOptions { CertificatePath = _pki.WritePfx(agent, "agent.pfx"), TrustStorePath = _pki.TrustStorePath },
            o => o with { Dns = dns.Options });

        var pending = h.Stack.SendRequestAsync(TcpTransportTests.Notify("sips:watcher@pool.test"));
        using var fe2 = await TcpPeer.AcceptTlsAsync(await listener.AcceptAsync().WaitAsync(Timeouts.HangGuard), _pki.ServerOptions(pool, requireClientCertificate: true));
        var received = await fe2.ReceiveRequestAsync();
        await fe2.SendAsync(SipRequests.OkFor(received));

        Assert.Equal(200, (await pending.WaitAsync(Timeouts.HangGuard)).Response!.StatusCode);
        Assert.Equal("pool.test", fe2.Tls!.TargetHostName, ignoreCase: true);
        Assert.Equal("TLS", received.TopVia!.Transport);
        Assert.True(h.Logs.Has(2007));
    }
}
