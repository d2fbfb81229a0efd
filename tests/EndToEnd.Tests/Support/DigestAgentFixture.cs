namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>One agent for a class's digest tests, offering the default algorithms: SHA-256, then MD5.</summary>
public sealed class DigestAgentFixture : IAsyncLifetime
{
    private AgentUnderTest? _agent;

    internal AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _agent = await AgentUnderTest.StartAsync(DigestSettings.With());

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }
}
