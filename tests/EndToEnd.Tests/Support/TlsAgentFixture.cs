using System.Security.Cryptography.X509Certificates;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// One agent with mutual TLS for the tests of a class, and the throw-away PKI behind it: Front Ends must present a
/// certificate from the test CA naming fe01.test, which the static hosts map also resolves to 127.0.0.1.
/// </summary>
public sealed class TlsAgentFixture : IAsyncLifetime
{
    public const string FrontEnd = "fe01.test";

    private AgentUnderTest? _agent;

    internal TestPki Pki { get; } = new();

    internal X509Certificate2 AgentCertificate { get; private set; } = null!;

    internal AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        AgentCertificate = Pki.Issue(AgentUnderTest.TlsName, [AgentUnderTest.TlsName]);
        var pfx = Pki.WritePfx(AgentCertificate, "agent.pfx", "agent-pfx-password");
        _agent = await AgentUnderTest.StartWithTlsAsync(Pki, pfx, "agent-pfx-password", new Dictionary<string, string?>
        {
            ["Sip:Tls:RequireClientCertificate"] = "true",
            ["Sip:Tls:AllowedPeerNames:0"] = FrontEnd,
            ["Sip:Hosts:" + FrontEnd] = "127.0.0.1",

            // The Front End's own network, as a deployment lists it: its record-routes are followed over any transport.
            ["Sip:TrustedPeers:Networks:0"] = "127.0.0.1",
            ["Http:Urls"] = "https://127.0.0.1:0",
        });
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        AgentCertificate.Dispose();
        Pki.Dispose();
    }
}
