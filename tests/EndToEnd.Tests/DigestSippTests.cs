using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// SIPp, a SIP implementation that is not ours, authenticates to the running agent with digest (MD5: all Debian's
/// SIPp 3.6 computes), over UDP and TCP: a watcher is challenged, answers and gets its NOTIFY; a wrong password is
/// refused; a publisher is challenged for each PUBLISH.
/// </summary>
public sealed class DigestSippTests(Md5DigestAgentFixture fixture) : IClassFixture<Md5DigestAgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    [SippFact]
    public Task A_watcher_is_challenged_answers_and_is_notified_over_udp() => RunSubscribeAsync(tcp: false);

    [SippFact]
    public Task A_watcher_is_challenged_answers_and_is_notified_over_tcp() => RunSubscribeAsync(tcp: true);

    [SippFact]
    public async Task A_wrong_password_gets_401_again_and_no_subscription()
    {
        var result = await Sipp.RunAsync("subscribe_with_wrong_password.xml", Agent.SipEndPoint(tcp: false), tcp: false,
            new Dictionary<string, string> { ["alias"] = "townhall@" + AgentUnderTest.Domain },
            new Dictionary<string, string> { ["DIGEST_USER"] = DigestSettings.Watcher, ["DIGEST_PASSWORD"] = "wrong" },
            options: AuthUri("townhall@" + AgentUnderTest.Domain));

        Assert.True(result.ExitCode == 0, $"SIPp failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "DigestCredentialsRefused" && e.Message.Contains("alice", StringComparison.Ordinal));
        Agent.AssertNoErrors();
    }

    [SippFact]
    public async Task A_publisher_is_challenged_for_each_publish()
    {
        var result = await Sipp.RunAsync("publish_with_digest.xml", Agent.SipEndPoint(tcp: false), tcp: false,
            new Dictionary<string, string> { ["alias"] = "room1@" + AgentUnderTest.Domain },
            new Dictionary<string, string> { ["DIGEST_USER"] = DigestSettings.Publisher, ["DIGEST_PASSWORD"] = DigestSettings.PublisherPassword },
            options: AuthUri("room1@" + AgentUnderTest.Domain));

        Assert.True(result.ExitCode == 0, $"SIPp failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "RequestAuthenticated" && e.Message.Contains("PUBLISH", StringComparison.Ordinal) &&
            e.Message.Contains("node1@platform.test", StringComparison.Ordinal));
        Agent.AssertNoErrors();
    }

    /// <summary>
    /// SIPp 3.6 answers for "sip:" and the address it sends to unless told the URI; the agent refuses an answer for
    /// another URI than the Request-URI (RFC 7616 §3.4.6), so it is told the alias.
    /// </summary>
    private static string[] AuthUri(string alias) => ["-auth_uri", alias];

    private async Task RunSubscribeAsync(bool tcp)
    {
        var result = await Sipp.RunAsync("subscribe_with_digest.xml", Agent.SipEndPoint(tcp), tcp,
            new Dictionary<string, string> { ["alias"] = "townhall@" + AgentUnderTest.Domain },
            new Dictionary<string, string>
            {
                ["EXPECTED_NAME"] = "Town Hall", ["DIGEST_USER"] = DigestSettings.Watcher, ["DIGEST_PASSWORD"] = DigestSettings.WatcherPassword,
            },
            options: AuthUri("townhall@" + AgentUnderTest.Domain));

        Assert.True(result.ExitCode == 0, $"SIPp failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "RequestAuthenticated" && e.Message.Contains("alice@vc.test", StringComparison.Ordinal));
        Agent.AssertNoErrors();
    }
}
