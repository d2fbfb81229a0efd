using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// SIPp subscribes as Skype for Business does, over TLS (through a TLS relay: Debian's SIPp is built without TLS), to
/// an agent with a TLS listener and a certificate from a test CA.
/// </summary>
public sealed class SippTlsTests
{
    [SippTlsFact]
    public async Task Lync_shaped_subscribe_over_tls_gets_200_and_a_categories_notify_with_name_and_photo()
    {
        using var pki = new TestPki();
        using var certificate = pki.Issue(AgentUnderTest.TlsName, [AgentUnderTest.TlsName]);
        var pfx = pki.WritePfx(certificate, "agent.pfx", "sipp-tls");
        await using var agent = await AgentUnderTest.StartWithTlsAsync(pki, pfx, "sipp-tls");
        using var relay = await TlsRelay.StartAsync(agent.TlsEndPoint, pki.TrustStorePath, AgentUnderTest.TlsName);

        var result = await Sipp.RunAsync("lync_subscribe_over_tls.xml", relay.EndPoint, tcp: true,
            new Dictionary<string, string> { ["alias"] = "meet.alice@vc.example.com" },
            new Dictionary<string, string>
            {
                // The scenario is XML: the name's markup characters arrive escaped, as the document carries them.
                ["EXPECTED_NAME"] = "Alice's &amp;lt;Room&amp;gt; &amp;amp; Co",
                ["EXPECTED_PHOTO"] = new Uri(agent.HttpBase, "avatars/boardroom.jpg").ToString(),
            });

        Assert.True(result.ExitCode == 0, $"SIPp failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");
        agent.AssertNoErrors();
    }
}
