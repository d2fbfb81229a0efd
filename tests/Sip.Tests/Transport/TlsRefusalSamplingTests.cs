using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>A peer refused again and again writes one Warning per kind of refusal and sample interval, with a count.</summary>
public sealed class TlsRefusalSamplingTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Repeated_refusals_of_a_peer_are_sampled_per_kind()
    {
        var pfx = _pki.WritePfx(_pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]), "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions
        {
            CertificatePath = pfx,
            TrustStorePath = _pki.TrustStorePath,
            RequireClientCertificate = true,
        });
        using var stranger = _pki.Issue("fe01.pool.test", ["fe01.pool.test"], trusted: false);

        for (var i = 0; i < 3; i++)
        {
            await TlsStack.AssertRefusedAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName));
        }

        // Another kind of fault from the same peer is news: logged at once.
        await TlsStack.AssertRefusedAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName, stranger));
        await h.Logs.WaitForAsync(1054, 2);
        await Wait.UntilAsync(() => h.Logs.Count(1022) == 4, "the four connections closed");
        Assert.Equal(2, h.Logs.Count(1054));

        h.Time.AdvanceSeconds(60);
        await TlsStack.AssertRefusedAsync(h.Tls, _pki.ClientOptions(TlsStack.AgentName));
        await h.Logs.WaitForAsync(1054, 3);

        var messages = h.Logs.Entries.Where(e => e.EventId.Id == 1054).Select(e => e.Message).ToList();
        Assert.EndsWith("no certificate", messages[0], StringComparison.Ordinal);
        Assert.Contains(messages, m => m.Contains("untrusted chain", StringComparison.Ordinal));
        Assert.EndsWith("no certificate (2 more since 00:00:00)", messages[2], StringComparison.Ordinal);
    }
}
