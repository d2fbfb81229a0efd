namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// One agent for a class's digest tests, offering MD5 alone: SIPp 3.6 (Debian's) knows only MD5 and answers the first
/// challenge whatever its algorithm, so SHA-256 first stops it.
/// </summary>
public sealed class Md5DigestAgentFixture : IAsyncLifetime
{
    private AgentUnderTest? _agent;

    internal AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _agent = await AgentUnderTest.StartAsync(DigestSettings.With("MD5"));

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }
}
