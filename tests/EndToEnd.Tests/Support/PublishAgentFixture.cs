namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>One agent for the PUBLISH tests of a class, taking publications from the loopback addresses 127.0.0.1 and ::1 only.</summary>
public sealed class PublishAgentFixture : IAsyncLifetime
{
    private AgentUnderTest? _agent;

    internal AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
    {
        ["Publications:Publishers:0:Name"] = "e2e-publisher",
        ["Publications:Publishers:0:Networks:0"] = "127.0.0.1",
        ["Publications:Publishers:0:Networks:1"] = "::1",
    });

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }
}
