using System.Net;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Publications;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// Digest authentication against the running agent with its default algorithms (SHA-256 first, then MD5), answered
/// with SHA-256 by a scripted peer over real sockets: the SIPp of these machines computes MD5 only.
/// </summary>
public sealed class DigestTests(DigestAgentFixture fixture) : IClassFixture<DigestAgentFixture>
{
    private const string Room = "sip:townhall@" + AgentUnderTest.Domain;

    private AgentUnderTest Agent => fixture.Agent;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_sha256_answer_subscribes_gets_the_state_and_unsubscribes_reusing_its_nonce(bool tcp, bool ipv6)
    {
        await using var watcher = await Agent.PeerAsync(tcp, ipv6);
        var callId = SipScript.NewCallId();
        var tag = SipScript.NewTag();

        await watcher.SendAsync(SipScript.Subscribe(watcher, Room, callId, tag, cseq: 1));
        var challenge = await watcher.ReceiveResponseAsync();
        var offered = challenge.Headers.Where(h => h.Kind == HeaderKind.WwwAuthenticate).Select(h => h.Value).ToList();
        var nonce = DigestAnswers.NonceOf(offered[0]);
        await watcher.SendAsync(SipScript.Subscribe(watcher, Room, callId, tag, cseq: 2, extraHeaders: Authorization(nonce, nc: 1)));
        var ok = await watcher.ReceiveResponseAsync();
        var state = await watcher.ReceiveStateNotifyAsync();

        Assert.Equal(401, challenge.StatusCode);
        Assert.Equal(2, offered.Count);
        Assert.Contains("algorithm=SHA-256", offered[0], StringComparison.Ordinal);
        Assert.Contains("algorithm=MD5", offered[1], StringComparison.Ordinal);
        Assert.Equal(nonce, DigestAnswers.NonceOf(offered[1]));
        Assert.Equal(200, ok.StatusCode);
        Assert.Contains("Town Hall", System.Text.Encoding.UTF8.GetString(state.Body.Span), StringComparison.Ordinal);

        // A client that keeps its nonce and counts on is not challenged again within the nonce's lifetime.
        await watcher.SendAsync(SipScript.Subscribe(watcher, Room, callId, tag, cseq: 3, expires: 0, toTag: ok.To!.Tag,
            extraHeaders: Authorization(nonce, nc: 2)));
        Assert.Equal(200, (await watcher.ReceiveResponseAsync()).StatusCode);
        var ended = await watcher.ReceiveStateNotifyAsync();
        Assert.StartsWith("terminated", ended.Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_publisher_answers_its_challenge_with_sha256_and_is_heard()
    {
        await using var publisher = await Agent.PeerAsync(tcp: false);
        const string Target = "sip:room1@" + AgentUnderTest.Domain;
        var publish = SipScript.Publish(publisher, Target, SipScript.Pidf(Target, open: true, "busy"));

        await publisher.SendAsync(publish);
        var challenge = await publisher.ReceiveResponseAsync();
        var nonce = DigestAnswers.NonceOf(challenge.Headers.GetFirst(HeaderKind.WwwAuthenticate)!);
        await publisher.SendAsync(WithAuthorization(Resend(publish),
            DigestAnswers.Authorization(nonce, DigestSettings.Realm, Target, "PUBLISH", user: DigestSettings.Publisher,
                password: DigestSettings.PublisherPassword)));
        var ok = await publisher.ReceiveResponseAsync();

        Assert.Equal(401, challenge.StatusCode);
        Assert.Equal(200, ok.StatusCode);
        await publisher.SendAsync(WithAuthorization(SipScript.Publish(publisher, Target, body: null, ifMatch: ok.Headers.GetFirst(PublishReplies.SipETag), expires: 0),
            DigestAnswers.Authorization(nonce, DigestSettings.Realm, Target, "PUBLISH", user: DigestSettings.Publisher,
                password: DigestSettings.PublisherPassword, nc: 2)));
        Assert.Equal(200, (await publisher.ReceiveResponseAsync()).StatusCode);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_nonce_answered_from_another_address_is_refused()
    {
        await using var first = await Agent.PeerAsync(tcp: false);
        await using var other = await Agent.PeerAsync(tcp: false, local: IPAddress.Parse("127.0.0.2"));
        var callId = SipScript.NewCallId();
        var tag = SipScript.NewTag();
        await first.SendAsync(SipScript.Subscribe(first, Room, callId, tag, cseq: 1));
        var nonce = DigestAnswers.NonceOf((await first.ReceiveResponseAsync()).Headers.GetFirst(HeaderKind.WwwAuthenticate)!);

        await other.SendAsync(SipScript.Subscribe(other, Room, callId, tag, cseq: 2, extraHeaders: Authorization(nonce, nc: 1)));
        var refused = await other.ReceiveResponseAsync();

        Assert.Equal((401, "Unauthorized (nonce not issued to this address)"), (refused.StatusCode, refused.ReasonPhrase));
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "DigestCredentialsRefused" && e.Message.Contains("127.0.0.2", StringComparison.Ordinal));
        Agent.AssertNoErrors();
    }

    private static string Authorization(string nonce, uint nc) =>
        "Authorization: " + DigestAnswers.Authorization(nonce, DigestSettings.Realm, Room, user: DigestSettings.Watcher, password: DigestSettings.WatcherPassword,
            nc: nc) + "\r\n";

    /// <summary>The request again as a new transaction (RFC 3261 §22.1: a new CSeq, a new branch), not as a retransmission or a merged copy.</summary>
    private static string Resend(string request) =>
        request.Replace("branch=", "branch=z9hG4bK-again-", StringComparison.Ordinal).Replace("CSeq: 1 ", "CSeq: 2 ", StringComparison.Ordinal);

    private static string WithAuthorization(string request, string authorization) =>
        request.Replace("Event: presence\r\n", $"Event: presence\r\nAuthorization: {authorization}\r\n", StringComparison.Ordinal);
}
