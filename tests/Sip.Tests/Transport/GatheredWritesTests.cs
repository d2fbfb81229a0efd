using System.Security.Authentication;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>What a connection's read loop sends while handing up one read's messages leaves in one write.</summary>
public sealed class GatheredWritesTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Answers_to_requests_read_together_leave_in_one_tls_record()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = pfx });
        // After a TLS 1.2 handshake every record that comes in carries data (TLS 1.3 also wraps its tickets as such).
        var options = _pki.ClientOptions(TlsStack.AgentName);
        options.EnabledSslProtocols = SslProtocols.Tls12;
        TlsRecordCounter? records = null;
        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, options, network => records = new TlsRecordCounter(network));
        var before = records!.Count(TlsRecordCounter.ApplicationData);

        // Two requests in one write, so one read takes both.
        await peer.SendAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TLS") + SipRequests.Text("OPTIONS", peer.SentBy, "TLS"));
        var first = await peer.ReceiveResponseAsync();
        var second = await peer.ReceiveResponseAsync();

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, second.StatusCode);
        Assert.NotEqual(first.TopVia!.Branch, second.TopVia!.Branch);
        Assert.Equal(1, records.Count(TlsRecordCounter.ApplicationData) - before);
    }

    [Fact]
    public async Task Answers_before_a_malformed_message_still_leave_before_the_connection_closes()
    {
        await using var h = await StackHarness.StartAsync();
        using var peer = await TcpPeer.ConnectAsync(h.Tcp);

        await peer.SendAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP") + "NOT SIP AT ALL\r\n\r\n");

        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.True(await peer.WaitForCloseAsync());
    }
}
