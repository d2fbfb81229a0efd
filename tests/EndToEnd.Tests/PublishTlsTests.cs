using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Publications;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// A publisher named by its TLS client certificate: the conference node's certificate may publish; the Front End's,
/// which the handshake lets through and the stack trusts for routing, may not.
/// </summary>
public sealed class PublishTlsTests : IAsyncLifetime
{
    private const string Node = "conf01.test";

    private readonly TestPki _pki = new();
    private AgentUnderTest? _agent;

    private AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        using var certificate = _pki.Issue(AgentUnderTest.TlsName, [AgentUnderTest.TlsName]);
        var pfx = _pki.WritePfx(certificate, "agent.pfx", "agent-pfx-password");
        _agent = await AgentUnderTest.StartWithTlsAsync(_pki, pfx, "agent-pfx-password", new Dictionary<string, string?>
        {
            ["Sip:Tls:RequireClientCertificate"] = "true",
            ["Sip:Tls:AllowedPeerNames:0"] = TlsAgentFixture.FrontEnd,
            ["Sip:Tls:AllowedPeerNames:1"] = Node,
            ["Publications:Publishers:0:Name"] = "conference-nodes",
            ["Publications:Publishers:0:PeerNames:0"] = Node,
        });
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        _pki.Dispose();
    }

    [Theory]
    [InlineData(Node, 200)]
    [InlineData(TlsAgentFixture.FrontEnd, 403)]
    public async Task Only_the_certificate_a_publisher_is_named_by_may_publish(string name, int status)
    {
        using var certificate = _pki.Issue(name, [name]);
        await using var peer = await SipTestPeer.ConnectTlsAsync(Agent.TlsEndPoint, _pki.ClientOptions(AgentUnderTest.TlsName, certificate));
        const string Target = "sip:room1@vc.test";

        await peer.SendAsync(SipScript.Publish(peer, Target, SipScript.Pidf(Target, open: true, "busy")));
        var answer = await peer.ReceiveResponseAsync();

        Assert.Equal(status, answer.StatusCode);
        Assert.Equal(status == 200, answer.Headers.GetFirst(PublishReplies.SipETag) is not null);
        Agent.AssertNoErrors();
    }
}
