using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// Nothing ends the process or a listener: a fault injected inside the UDP receive loop, the accept loop and the TLS
/// certificate check (a logging call that throws) is logged at Error once, and the listener goes on serving.
/// </summary>
public sealed class LoopFaultTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Udp_receive_loop_survives_a_fault_and_still_serves()
    {
        var logs = new FaultingLogs(faultAt: 1012);
        await using var h = TransportHarness.Start(new SipLimits { MaxDatagramSize = 1300 }, logs, expectedErrors: 1041);
        using var peer = new UdpPeer();

        // Too long: the loop logs it itself, and that log throws.
        peer.Send(new string('x', 1400), h.Udp);
        await h.Logs.WaitForAsync(1041);

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp)).StatusCode);
        var fault = Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1041);
        Assert.Equal(LogLevel.Error, fault.Level);
        Assert.IsType<InvalidOperationException>(fault.Exception);
        Assert.Equal(1, logs.Thrown);
    }

    [Fact]
    public async Task A_fault_in_one_datagram_costs_that_datagram_only_not_those_received_with_it()
    {
        var logs = new FaultingLogs(faultAt: 1012);
        await using var h = TransportHarness.Start(new SipLimits { MaxDatagramSize = 1300 }, logs, expectedErrors: 1041);
        using var peer = new UdpPeer();

        // The too-long datagram's log throws; the OPTIONS came in the same receive and is answered the first time.
        peer.SendTogether([new string('x', 1400), SipRequests.Text("OPTIONS", peer.SentBy)], h.Udp);

        Assert.Equal(200, Assert.IsType<SipResponse>(await peer.ReceiveAsync()).StatusCode);
        Assert.Equal(1, logs.Thrown);
        Assert.Equal(LogLevel.Error, Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1041).Level);
    }

    [Fact]
    public async Task Accept_loop_survives_a_fault_gives_the_place_back_and_keeps_accepting()
    {
        var logs = new FaultingLogs(faultAt: 1020);
        await using var h = TransportHarness.Start(new SipLimits { MaxConnectionsPerAddress = 1 }, logs, expectedErrors: 1041);

        using (var lost = await TcpPeer.ConnectAsync(h.Tcp))
        {
            Assert.True(await lost.WaitForCloseAsync());
        }

        // The one place this address has was given back, or this connection would be refused.
        using var next = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await next.RequestAsync(SipRequests.Text("OPTIONS", next.SentBy, "TCP"))).StatusCode);
        Assert.Equal(LogLevel.Error, Assert.Single(h.Logs.Entries, e => e.EventId.Id == 1041).Level);
        Assert.Equal(1, h.Layer.Connections.Total);
    }

    [Fact]
    public void Tls_certificate_check_survives_a_fault_and_later_checks_still_reload()
    {
        var logs = new FaultingLogs(faultAt: 1051);
        var time = new ManualTimeProvider();
        var first = _pki.Issue("pa.test", ["pa.test"]);
        var (certificatePath, keyPath) = _pki.WritePem(first, "agent");
        using var store = TlsCertificateStore.Load(new SipTlsOptions { CertificatePath = certificatePath, KeyPath = keyPath }, time,
            logs.CreateLogger("tls"));

        // A file that does not load is reported with 1051, which throws here. On the system timer that would end the
        // process; the manual clock would throw it out of Advance.
        File.WriteAllText(certificatePath, "not a certificate");
        time.Advance(TlsCertificateStore.CheckInterval);
        Assert.Equal(1, logs.Thrown);
        Assert.Equal(LogLevel.Error, Assert.Single(logs.Logs.Entries, e => e.EventId.Id == 1043).Level);

        var renewed = _pki.Issue("pa.test", ["pa.test"]);
        _pki.WritePem(renewed, "agent");
        time.Advance(TlsCertificateStore.CheckInterval);

        Assert.Equal(renewed.Thumbprint, store.Current.TargetCertificate.Thumbprint);
        logs.Logs.AssertNoUnexpectedErrors(1043);
    }

    public void Dispose() => _pki.Dispose();
}
