using System.Net;
using PresenceAgent.Access;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Access;

/// <summary>
/// Who a SUBSCRIBE's watcher is taken to be, behind a real stack on a loopback TCP port: the From, a trusted peer's
/// P-Asserted-Identity, or the identity digest authentication proved; and the level each gets.
/// </summary>
public sealed class WatcherIdentityTests
{
    private const string Domain = "vc.test";
    private const string Room = "sip:townhall@vc.test";
    private const string FrontEnd = "127.0.0.61";

    private static readonly AccessLevelOptions Access = new() { Team = ["facilities@example.com"], Blocked = ["spam@example.org"] };

    private static Task<LoopbackAgent> StartAsync(AuthenticationOptions? authentication = null) =>
        LoopbackAgent.StartAsync([new ServiceOptions { Name = "Town Hall", Aliases = ["townhall@" + Domain] }], [Domain],
            authentication: authentication, trustedNetworks: [FrontEnd], access: Access);

    [Fact]
    public async Task A_trusted_peers_asserted_identity_is_the_watcher()
    {
        await using var agent = await StartAsync();
        await using var frontEnd = await agent.ConnectAsync(IPAddress.Parse(FrontEnd));

        Assert.Equal(200, await SubscribeAsync(frontEnd, "a1", "<sip:anonymous@anonymous.invalid>",
            "P-Asserted-Identity: \"Facilities\" <sip:facilities@example.com>, <tel:+4930123>"));

        var s = Assert.Single(agent.Subscriptions.Live);
        Assert.Equal((AccessLevel.Team, WatcherProof.Asserted, "facilities@example.com"), (s.Level, s.Proof, s.Identity));
        Assert.Null(s.AuthenticatedIdentity);
        Assert.Equal(new WatcherIdentity("facilities@example.com", "anonymous@anonymous.invalid", WatcherProof.Asserted), s.Watcher());
    }

    [Fact]
    public async Task A_forged_asserted_identity_from_an_untrusted_peer_changes_nothing()
    {
        await using var agent = await StartAsync();
        await using var stranger = await agent.ConnectAsync(IPAddress.Parse("127.0.0.62"));

        Assert.Equal(200, await SubscribeAsync(stranger, "f1", "<sip:jo@elsewhere.example>", "P-Asserted-Identity: <sip:facilities@example.com>"));
        Assert.Equal(200, await SubscribeAsync(stranger, "f2", "<sip:jo@elsewhere.example>"));

        Assert.All(agent.Subscriptions.Live, s => Assert.Equal((AccessLevel.Public, WatcherProof.UntrustedFrom, null), (s.Level, s.Proof, s.Identity)));
    }

    [Fact]
    public async Task An_unproven_team_from_is_capped_and_a_trusted_peers_from_is_believed()
    {
        await using var agent = await StartAsync();
        await using var stranger = await agent.ConnectAsync(IPAddress.Parse("127.0.0.63"));
        await using var frontEnd = await agent.ConnectAsync(IPAddress.Parse(FrontEnd));

        Assert.Equal(200, await SubscribeAsync(stranger, "u1", "<sip:facilities@example.com>"));
        Assert.Equal(200, await SubscribeAsync(frontEnd, "u2", "<sip:facilities@example.com>"));

        Assert.Equal(AccessLevel.Public, Single(agent, "u1").Level);
        Assert.Equal((AccessLevel.Team, WatcherProof.TrustedFrom), (Single(agent, "u2").Level, Single(agent, "u2").Proof));
    }

    [Fact]
    public async Task A_blocked_watcher_gets_200_and_a_notify_all_the_same()
    {
        await using var agent = await StartAsync();
        await using var frontEnd = await agent.ConnectAsync(IPAddress.Parse(FrontEnd));

        // Blocked by its From, whatever identity its peer asserts.
        Assert.Equal(200, await SubscribeAsync(frontEnd, "b1", "<sip:spam@example.org>", "P-Asserted-Identity: <sip:facilities@example.com>"));

        Assert.Equal(AccessLevel.Blocked, Assert.Single(agent.Subscriptions.Live).Level);
        using var timeout = new CancellationTokenSource(HangGuard.Timeout);
        while (agent.Notifies.Count < 1)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Contains("<basic>closed</basic>", System.Text.Encoding.UTF8.GetString(agent.Notifies.Last!.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_identity_wins_over_the_from()
    {
        var authentication = new AuthenticationOptions
        {
            Enabled = true,
            Users = [new AuthenticationUserOptions { Name = "fm", Password = "secret", AddressOfRecord = "facilities@example.com" }],
        };
        await using var agent = await StartAsync(authentication);
        await using var watcher = await agent.ConnectAsync(IPAddress.Parse("127.0.0.64"));
        var text = Request("d1", "<sip:someone@elsewhere.example>", cseq: 1);
        var nonce = DigestAnswers.NonceOf((await watcher.ExchangeResponsesAsync([text]))[0].Headers.GetFirst(Sip.Messages.HeaderKind.WwwAuthenticate)!);

        var answer = Request("d1", "<sip:someone@elsewhere.example>", cseq: 2,
            "Authorization: " + DigestAnswers.Authorization(nonce, Domain, Room, user: "fm", password: "secret"));
        Assert.Equal(200, (await watcher.ExchangeResponsesAsync([answer]))[0].StatusCode);

        var s = Assert.Single(agent.Subscriptions.Live);
        Assert.Equal((AccessLevel.Team, WatcherProof.Digest, "facilities@example.com"), (s.Level, s.Proof, s.AuthenticatedIdentity));
    }

    private static Subscription Single(LoopbackAgent agent, string callId) =>
        agent.Subscriptions.Live.Single(s => s.Dialog.CallId == callId + "@levels");

    private static async Task<int> SubscribeAsync(SipTcpWatcher watcher, string callId, string from, params string[] extra) =>
        (await watcher.ExchangeResponsesAsync([Request(callId, from, cseq: 1, extra)]))[0].StatusCode;

    private static string Request(string callId, string from, uint cseq, params string[] extra) =>
        SubscribeRequests.Text(callId: callId + "@levels", uri: Room, cseq: cseq, from: $"{from};tag={callId}",
            extraHeaders: ["Expires: 600", .. extra])
        .Replace($"branch=z9hG4bK-{callId}@levels", $"branch=z9hG4bK-{callId}-{cseq}", StringComparison.Ordinal);
}
