using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>SIPp, a SIP implementation that is not ours, subscribes to the running agent over UDP and TCP.</summary>
public sealed class SippTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    [SippFact]
    public Task Subscribe_notify_unsubscribe_over_udp() => RunFlowAsync(tcp: false);

    [SippFact]
    public Task Subscribe_notify_unsubscribe_over_tcp() => RunFlowAsync(tcp: true);

    [SippFact]
    public async Task Calls_each_on_a_tcp_connection_of_its_own_that_sipp_closes_at_the_call_end()
    {
        // SIPp -t tn, as bench/run_connections.sh drives it. Its default socket cap (50 000) must stay under the
        // descriptor limit or it will not start; 100 calls at 50/s keep well under MaxConnectionsPerAddress.
        var agent = fixture.Agent.SipEndPoint(tcp: true);
        var result = await Sipp.RunAsync("subscribe_notify_unsubscribe.xml", agent, tcp: true,
            new Dictionary<string, string> { ["alias"] = "townhall@" + AgentUnderTest.Domain },
            new Dictionary<string, string> { ["EXPECTED_NAME"] = "Town Hall" },
            new Sipp.Load(agent.Address, CallsPerSecond: 50, Calls: 100), ["-t", "tn", "-max_socket", "1000"]);
        Assert.True(result.ExitCode == 0, $"SIPp failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");
        fixture.Agent.AssertNoErrors();
    }

    [SippFact]
    public Task Unknown_alias_gets_404_over_udp() => RunUnknownAsync(tcp: false);

    [SippFact]
    public Task Unknown_alias_gets_404_over_tcp() => RunUnknownAsync(tcp: true);

    private async Task RunFlowAsync(bool tcp)
    {
        var result = await Sipp.RunAsync("subscribe_notify_unsubscribe.xml", fixture.Agent.SipEndPoint(tcp), tcp,
            new Dictionary<string, string> { ["alias"] = "townhall@" + AgentUnderTest.Domain },
            new Dictionary<string, string> { ["EXPECTED_NAME"] = "Town Hall" });
        Assert.True(result.ExitCode == 0, $"SIPp failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");
        fixture.Agent.AssertNoErrors();
    }

    private async Task RunUnknownAsync(bool tcp)
    {
        var result = await Sipp.RunAsync("subscribe_unknown_alias.xml", fixture.Agent.SipEndPoint(tcp), tcp,
            new Dictionary<string, string> { ["alias"] = "no.such.room@" + AgentUnderTest.Domain });
        Assert.True(result.ExitCode == 0, $"SIPp failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");
    }
}
