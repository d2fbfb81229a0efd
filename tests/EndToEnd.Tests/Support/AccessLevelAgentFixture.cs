namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// One agent for a class's access level tests: a board room with a full contact card, a partner domain, a Team member,
/// a blocked domain, mobile phones for Team only, and 127.0.0.2 as a trusted peer (a Front End pool).
/// </summary>
public sealed class AccessLevelAgentFixture : IAsyncLifetime
{
    public const string Board = "sip:board@" + AgentUnderTest.Domain;

    /// <summary>The trusted peer's address: its From and P-Asserted-Identity are believed.</summary>
    public const string FrontEnd = "127.0.0.2";

    private AgentUnderTest? _agent;

    internal AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
    {
        ["Services:3:Name"] = "Board Room",
        ["Services:3:Aliases:0"] = "board@" + AgentUnderTest.Domain,
        ["Services:3:Description"] = "Video room, 12 seats",
        ["Services:3:Email"] = "board.room@example.com",
        ["Services:3:Title"] = "Virtual meeting room",
        ["Services:3:Company"] = "Example GmbH",
        ["Services:3:Phones:0:Number"] = "+4930901820",
        ["Services:3:Phones:1:Type"] = "Mobile",
        ["Services:3:Phones:1:Number"] = "+4915112345678",
        ["Services:3:Office"] = "Berlin 4.12",
        ["Services:3:WorkAddress"] = "Example Street 1, 10115 Berlin",
        ["Services:3:WebSite"] = "https://intranet.example.com/rooms/board",
        ["Services:3:Note"] = "Dial in and enter PIN 1234#",
        ["Services:3:OutOfOfficeNote"] = "Closed for maintenance from 9 to 11 March",
        ["AccessLevels:Company:0"] = "partner.example",
        ["AccessLevels:Team:0"] = "facilities@partner.example",
        ["AccessLevels:Blocked:0"] = "blocked.example",
        ["AccessLevels:Attributes:OtherPhones"] = "Team",
        ["Sip:TrustedPeers:Networks:0"] = FrontEnd,
    });

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }
}
