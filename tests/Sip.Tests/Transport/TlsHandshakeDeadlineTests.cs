using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// The handshake's deadline rides on the connection's one deadline timer: it must close a handshake that stalls
/// half way, and stop counting once the handshake is done.
/// </summary>
public sealed class TlsHandshakeDeadlineTests : IDisposable
{
    private static readonly TimeSpan s_handshakeTimeout = TimeSpan.FromSeconds(5);
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task A_handshake_stalled_half_way_is_closed_at_the_handshake_timeout()
    {
        await using var h = await StartAsync();
        var timers = h.Time.ActiveTimers;
        using var stalled = await TcpPeer.ConnectAsync(h.Tls);

        // The first bytes of a TLS handshake record, and then nothing.
        await stalled.SendAsync([0x16, 0x03, 0x01]);
        await Wait.UntilAsync(() => h.Time.ActiveTimers == timers + 1, "connection timer");
        h.Time.Advance(s_handshakeTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Logs.Entries.Count(e => e.EventId.Id == 1053));
        h.Time.AdvanceSeconds(1);

        Assert.True(await stalled.WaitForCloseAsync());
        await h.Logs.WaitForAsync(1053);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 1053 && e.Message.Contains("no handshake within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_established_session_outlives_the_handshake_timeout()
    {
        await using var h = await StartAsync();
        using var peer = await TcpPeer.ConnectTlsAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName));
        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TLS"))).StatusCode);

        h.Time.Advance(s_handshakeTimeout * 3);

        Assert.Equal(200, (await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy, "TLS"))).StatusCode);
        Assert.DoesNotContain(h.Logs.Entries, e => e.EventId.Id == 1053);
    }

    private Task<StackHarness> StartAsync() => TlsStack.StartAsync(new SipTlsOptions
    {
        CertificatePath = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx"),
        HandshakeTimeout = s_handshakeTimeout,
    });
}
