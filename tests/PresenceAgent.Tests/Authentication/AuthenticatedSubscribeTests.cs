using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Authentication;

/// <summary>
/// SUBSCRIBE with Authentication on, behind a real stack on a loopback TCP port: who is challenged, what an answer
/// gets, and the identity the subscription keeps.
/// </summary>
public sealed class AuthenticatedSubscribeTests
{
    private const string Domain = "vc.test";
    private const string Room = "sip:townhall@vc.test";

    private static readonly AuthenticationOptions Enabled = new()
    {
        Enabled = true,
        Users =
        [
            new AuthenticationUserOptions { Name = "alice", Password = "secret" },
            new AuthenticationUserOptions { Name = "bob", Password = "hunter2", AddressOfRecord = "bob.smith@example.com" },
        ],
    };

    private static Task<LoopbackAgent> StartAsync(IReadOnlyList<string>? trusted = null) =>
        LoopbackAgent.StartAsync([new ServiceOptions { Name = "Town Hall", Aliases = ["townhall@" + Domain] }], [Domain], authentication: Enabled,
            trustedNetworks: trusted);

    [Fact]
    public async Task An_untrusted_watcher_is_challenged_then_subscribed_as_its_user()
    {
        await using var agent = await StartAsync();
        await using var watcher = await agent.ConnectAsync(IPAddress.Parse("127.0.0.41"));

        var challenge = await SendAsync(watcher, "c1", cseq: 1);
        var nonce = DigestAnswers.NonceOf(challenge.Headers.GetFirst(HeaderKind.WwwAuthenticate)!);
        var ok = await SendAsync(watcher, "c1", cseq: 2, authorization: DigestAnswers.Authorization(nonce, Domain, Room));

        Assert.Equal(401, challenge.StatusCode);
        Assert.Equal(["SHA-256", "MD5"], challenge.Headers.Where(h => h.Kind == HeaderKind.WwwAuthenticate)
            .Select(h => h.Value.Contains("algorithm=MD5", StringComparison.Ordinal) ? "MD5" : "SHA-256"));
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("alice@vc.test", Assert.Single(agent.Subscriptions.Live).AuthenticatedIdentity);
    }

    [Fact]
    public async Task A_refresh_is_authenticated_too_and_must_come_from_the_subscriber()
    {
        await using var agent = await StartAsync();
        await using var watcher = await agent.ConnectAsync(IPAddress.Parse("127.0.0.42"));
        var nonce = DigestAnswers.NonceOf((await SendAsync(watcher, "r1", cseq: 1)).Headers.GetFirst(HeaderKind.WwwAuthenticate)!);
        var ok = await SendAsync(watcher, "r1", cseq: 2, authorization: DigestAnswers.Authorization(nonce, Domain, Room, user: "bob", password: "hunter2"));
        var toTag = ok.To!.Tag!;

        var bare = await SendAsync(watcher, "r1", cseq: 3, toTag: toTag);
        var asAlice = await SendAsync(watcher, "r1", cseq: 4, toTag: toTag, authorization: DigestAnswers.Authorization(nonce, Domain, Room, nc: 2));
        var asBob = await SendAsync(watcher, "r1", cseq: 5, toTag: toTag,
            authorization: DigestAnswers.Authorization(nonce, Domain, Room, user: "bob", password: "hunter2", nc: 3));

        Assert.Equal("bob.smith@example.com", Assert.Single(agent.Subscriptions.Live).AuthenticatedIdentity);
        Assert.Equal(401, bare.StatusCode);
        Assert.Equal((403, "Forbidden (authenticated as another user than the subscriber)"), (asAlice.StatusCode, asAlice.ReasonPhrase));
        Assert.Equal(200, asBob.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_new_challenge_and_a_warning()
    {
        await using var agent = await StartAsync();
        await using var watcher = await agent.ConnectAsync(IPAddress.Parse("127.0.0.43"));
        var nonce = DigestAnswers.NonceOf((await SendAsync(watcher, "w1", cseq: 1)).Headers.GetFirst(HeaderKind.WwwAuthenticate)!);

        var refused = await SendAsync(watcher, "w1", cseq: 2, authorization: DigestAnswers.Authorization(nonce, Domain, Room, password: "guess"));

        Assert.Equal((401, "Unauthorized (credentials refused)"), (refused.StatusCode, refused.ReasonPhrase));
        Assert.Equal(0, agent.Subscriptions.Count);
        var warning = Assert.Single(agent.Logs.Entries, e => e.EventId.Name == "DigestCredentialsRefused");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("127.0.0.43", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusted_peer_is_not_challenged_and_its_subscriptions_carry_no_identity()
    {
        await using var agent = await StartAsync(trusted: ["127.0.0.44"]);
        await using var frontEnd = await agent.ConnectAsync(IPAddress.Parse("127.0.0.44"));

        var ok = await SendAsync(frontEnd, "t1", cseq: 1);

        Assert.Equal(200, ok.StatusCode);
        Assert.Null(Assert.Single(agent.Subscriptions.Live).AuthenticatedIdentity);
    }

    private static async Task<SipResponse> SendAsync(SipTcpWatcher watcher, string callId, uint cseq, string? toTag = null, string? authorization = null)
    {
        var text = SubscribeRequests.Text(callId: callId + "@auth", uri: Room, cseq: cseq, from: $"<sip:watcher@example.org>;tag={callId}",
            extraHeaders: ["Expires: 600", .. authorization is null ? Array.Empty<string>() : ["Authorization: " + authorization]]);
        text = text.Replace($"branch=z9hG4bK-{callId}@auth", $"branch=z9hG4bK-{callId}-{cseq}", StringComparison.Ordinal);
        if (toTag is not null)
        {
            text = text.Replace($"To: <{Room}>", $"To: <{Room}>;tag={toTag}", StringComparison.Ordinal);
        }

        return Assert.Single(await watcher.ExchangeResponsesAsync([text]));
    }
}
