namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>One agent shared by the tests of a class; tests use their own Call-IDs, so they do not interfere.</summary>
public sealed class AgentFixture : IAsyncLifetime
{
    private AgentUnderTest? _agent;

    internal AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _agent = await AgentUnderTest.StartAsync();

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }
}
