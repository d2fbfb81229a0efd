using System.Xml.Linq;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// Digest authentication is the other way to prove a watcher (issue 12 §2 with §3): over an untrusted path, a Team
/// member who answers its challenge sees what Team sees, whatever its From says.
/// </summary>
public sealed class AccessLevelDigestTests : IAsyncLifetime
{
    private const string Board = "sip:board@" + AgentUnderTest.Domain;
    private static readonly XNamespace Card = "http://schemas.microsoft.com/2006/09/sip/contactcard";

    private AgentUnderTest? _agent;

    private AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var settings = DigestSettings.With();
        settings["Services:3:Name"] = "Board Room";
        settings["Services:3:Aliases:0"] = "board@" + AgentUnderTest.Domain;
        settings["Services:3:Phones:0:Number"] = "+4930901820";
        settings["Services:3:Phones:1:Type"] = "Mobile";
        settings["Services:3:Phones:1:Number"] = "+4915112345678";
        settings["AccessLevels:Team:0"] = DigestSettings.Watcher + "@" + DigestSettings.Realm;
        settings["AccessLevels:Attributes:OtherPhones"] = "Team";
        _agent = await AgentUnderTest.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_team_member_proven_by_digest_sees_the_team_phones_whatever_its_from()
    {
        await using var watcher = await Agent.PeerAsync(tcp: true);
        var callId = SipScript.NewCallId();
        var tag = SipScript.NewTag();
        const string Accept = "Accept: application/msrtc-event-categories+xml\r\n";

        await watcher.SendAsync(SipScript.Subscribe(watcher, Board, callId, tag, cseq: 1, extraHeaders: Accept, from: "sip:someone@elsewhere.example"));
        var challenge = await watcher.ReceiveResponseAsync();
        var nonce = DigestAnswers.NonceOf(challenge.Headers.GetFirst(HeaderKind.WwwAuthenticate)!);
        var authorization = "Authorization: " + DigestAnswers.Authorization(nonce, DigestSettings.Realm, Board, user: DigestSettings.Watcher,
            password: DigestSettings.WatcherPassword, nc: 1) + "\r\n";
        await watcher.SendAsync(SipScript.Subscribe(watcher, Board, callId, tag, cseq: 2, extraHeaders: Accept + authorization, from: "sip:someone@elsewhere.example"));

        Assert.Equal(401, challenge.StatusCode);
        Assert.Equal(200, (await watcher.ReceiveResponseAsync()).StatusCode);
        var notify = await watcher.ReceiveStateNotifyAsync();
        var phones = XDocument.Parse(System.Text.Encoding.UTF8.GetString(notify.Body.Span)).Descendants(Card + "phone")
            .Select(p => p.Element(Card + "uri")!.Value);
        Assert.Equal(["tel:+4930901820", "tel:+4915112345678"], phones);
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "WatcherLevel" && e.Message.Contains("alice@vc.test (Digest, From someone@elsewhere.example)", StringComparison.Ordinal));
        Agent.AssertNoErrors();
    }
}
