using System.Security.Authentication;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// A peer that resets its connection ends it as one that closes it does: the read sees the end of the stream, the log
/// says which it was, and the connection leaves the table.
/// </summary>
public sealed class PeerResetTests : IDisposable
{
    private const int ConnectionClosed = 1022;
    private const int ConnectionBrokeMidMessage = 1027;
    private const int TlsHandshakeFailed = 1053;

    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task A_tcp_peer_that_resets_after_its_answer_is_logged_as_reset_and_leaves_the_table()
    {
        await using var h = TransportHarness.Start();
        var peer = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);

        peer.Reset();

        await h.Logs.WaitForAsync(ConnectionClosed);
        Assert.EndsWith("closed: reset by peer", ClosedLine(h.Logs));
        await Wait.UntilAsync(() => h.Layer.Connections.Total == 0, "an empty connection table");
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_a_message_is_logged_with_the_bytes_it_cut_off()
    {
        await using var h = TransportHarness.Start();
        var peer = await TcpPeer.ConnectAsync(h.Tcp);
        var request = SipRequests.Text("OPTIONS", peer.SentBy, "TCP");
        await peer.SendAsync(request[..40]);
        await Wait.UntilAsync(() => h.Layer.Connections.Total == 1, "the connection accepted");

        peer.Reset();

        await h.Logs.WaitForAsync(ConnectionClosed);
        Assert.EndsWith("closed: reset by peer", ClosedLine(h.Logs));
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == ConnectionBrokeMidMessage && e.Message.EndsWith("closed with 40 bytes of an unfinished message", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tls_peer_that_resets_after_its_answer_is_logged_as_reset(bool inTheMiddleOfARecord)
    {
        await using var h = await StartTlsAsync();
        var options = _pki.ClientOptions(TlsStack.AgentName);
        options.EnabledSslProtocols = SslProtocols.Tls12;
        var peer = await TcpPeer.ConnectTlsAsync(h.Tls, options);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TLS"))).StatusCode);
        if (inTheMiddleOfARecord)
        {
            // The header of an application data record of 100 bytes, and 10 of them: SslStream reports the early end
            // as an error of its own.
            await peer.SendRawAsync([0x17, 0x03, 0x03, 0x00, 0x64, .. new byte[10]]);
            await Task.Delay(50);
        }

        peer.Reset();

        await h.Logs.WaitForAsync(ConnectionClosed);
        Assert.EndsWith("closed: reset by peer", ClosedLine(h.Logs));
    }

    [Fact]
    public async Task A_tls_peer_that_resets_during_the_handshake_is_logged_as_reset()
    {
        await using var h = await StartTlsAsync();
        var peer = await TcpPeer.ConnectAsync(h.Tls);

        // The header of a handshake record of 100 bytes, and 10 of them: a ClientHello cut short.
        await peer.SendRawAsync([0x16, 0x03, 0x01, 0x00, 0x64, 0x01, .. new byte[9]]);
        await Task.Delay(50);
        peer.Reset();

        await h.Logs.WaitForAsync(TlsHandshakeFailed);
        Assert.EndsWith("failed: reset by peer", Assert.Single(h.Logs.Entries, e => e.EventId.Id == TlsHandshakeFailed).Message);
    }

    [Fact]
    public async Task A_peer_that_closes_is_still_logged_as_closed()
    {
        await using var h = await StackHarness.StartAsync();
        var peer = await TcpPeer.ConnectAsync(h.Tcp);
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TCP"))).StatusCode);

        peer.Dispose();

        await h.Logs.WaitForAsync(ConnectionClosed);
        Assert.EndsWith("closed: closed by peer", ClosedLine(h.Logs));
    }

    private Task<StackHarness> StartTlsAsync() =>
        TlsStack.StartAsync(new SipTlsOptions { CertificatePath = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx") });

    private static string ClosedLine(TestLogs logs) => Assert.Single(logs.Entries, e => e.EventId.Id == ConnectionClosed).Message;
}
