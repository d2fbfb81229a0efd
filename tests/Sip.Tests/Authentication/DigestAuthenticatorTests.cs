using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Authentication;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using static PresenceAgent.Sip.Tests.Authentication.DigestClient;

namespace PresenceAgent.Sip.Tests.Authentication;

/// <summary>The challenge and verification cycle in virtual time, answered by <see cref="DigestClient"/>.</summary>
public sealed class DigestAuthenticatorTests
{
    private static readonly IPAddress Source = IPAddress.Parse("192.0.2.7");

    private readonly ManualTimeProvider _time = new();
    private readonly TestLogs _logs = new();
    private readonly Users _users = new();

    [Fact]
    public void A_request_without_credentials_gets_sha256_then_md5_sharing_one_fresh_nonce()
    {
        var authenticator = Create();

        var first = Refusal(authenticator, Subscribe());
        var second = Refusal(authenticator, Subscribe());

        Assert.Equal((401, "Unauthorized"), (first.StatusCode, first.ReasonPhrase));
        var challenges = Challenges(first);
        Assert.Equal(2, challenges.Count);
        var nonce = NonceOf(first);
        Assert.Equal($"Digest realm=\"{Realm}\", nonce=\"{nonce}\", algorithm=SHA-256, qop=\"auth\"", challenges[0]);
        Assert.Equal($"Digest realm=\"{Realm}\", nonce=\"{nonce}\", algorithm=MD5, qop=\"auth\"", challenges[1]);
        Assert.NotEqual(nonce, NonceOf(second));
        Assert.Empty(_logs.Entries);
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    [InlineData("sha-256")]
    public void A_correct_answer_authenticates_as_the_users_identity(string algorithm)
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        var result = Check(authenticator, Subscribe(authorization: Authorization(nonce, algorithm.ToUpperInvariant())));

        Assert.True(result.Authenticated);
        Assert.Equal("alice@vc.example.com", result.Identity);
        Assert.Equal("alice", result.Username);
    }

    [Fact]
    public void An_answer_without_algorithm_is_md5_and_hex_case_does_not_matter()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));
        var answer = Authorization(nonce, "MD5").Replace(", algorithm=MD5", "", StringComparison.Ordinal);
        var response = Response("MD5", "alice", Realm, "secret", "SUBSCRIBE", RoomUri, nonce, "00000001", "0a4f113b");
        answer = answer.Replace(response, response.ToUpperInvariant(), StringComparison.Ordinal);

        Assert.True(Check(authenticator, Subscribe(authorization: answer)).Authenticated);
    }

    [Fact]
    public void The_identity_is_the_users_address_of_record_when_configured_and_is_one_string_for_every_request()
    {
        _users.Add("bob", DigestCredential.FromPassword("bob", Realm, "pw", "bob.smith@example.com"));
        var authenticator = Create();

        var first = Authenticated(authenticator, "bob", "pw", nc: 1);
        var second = Authenticated(authenticator, "bob", "pw", nc: 2);

        Assert.Equal("bob.smith@example.com", first.Identity);
        Assert.Same(first.Identity, second.Identity);
    }

    [Fact]
    public void A_nonce_is_reused_with_a_growing_count_and_a_repeated_or_lower_count_is_refused()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        Assert.True(Check(authenticator, Subscribe(authorization: Authorization(nonce, nc: 1))).Authenticated);
        Assert.True(Check(authenticator, Subscribe(authorization: Authorization(nonce, nc: 5))).Authenticated);
        var replay = Refusal(authenticator, Subscribe(authorization: Authorization(nonce, nc: 5)));
        var lower = Refusal(authenticator, Subscribe(authorization: Authorization(nonce, nc: 4)));

        Assert.Equal((401, "Unauthorized (nonce count not increased)"), (replay.StatusCode, replay.ReasonPhrase));
        Assert.Equal(401, lower.StatusCode);
        Assert.DoesNotContain(Challenges(replay), c => c.Contains("stale", StringComparison.Ordinal));
        Assert.NotEqual(nonce, NonceOf(replay));
        Assert.Equal(1, authenticator.TrackedNonces);
    }

    [Fact]
    public void An_expired_nonce_with_a_correct_answer_is_stale_and_with_a_wrong_one_is_not()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));
        _time.AdvanceSeconds(301);

        var stale = Refusal(authenticator, Subscribe(authorization: Authorization(nonce)));
        var wrong = Refusal(authenticator, Subscribe(authorization: Authorization(nonce, password: "guess")));

        Assert.Equal((401, "Unauthorized (nonce expired)"), (stale.StatusCode, stale.ReasonPhrase));
        Assert.All(Challenges(stale), c => Assert.EndsWith(", stale=true", c, StringComparison.Ordinal));
        Assert.Equal((401, "Unauthorized (credentials refused)"), (wrong.StatusCode, wrong.ReasonPhrase));
        Assert.DoesNotContain(Challenges(wrong), c => c.Contains("stale", StringComparison.Ordinal));

        // The stale challenge's nonce is answered as any other.
        Assert.True(Check(authenticator, Subscribe(authorization: Authorization(NonceOf(stale)))).Authenticated);
    }

    [Fact]
    public void A_nonce_from_another_address_is_refused_and_not_stale()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        var refused = Check(authenticator, Subscribe(authorization: Authorization(nonce)), IPAddress.Parse("192.0.2.8")).Refusal!;

        Assert.Equal((401, "Unauthorized (nonce not issued to this address)"), (refused.StatusCode, refused.ReasonPhrase));
        Assert.DoesNotContain(Challenges(refused), c => c.Contains("stale", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == AuthenticationLog.CredentialsRefusedId && e.Level == LogLevel.Warning);
    }

    [Fact]
    public void A_tampered_nonce_is_refused()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe())).ToCharArray();
        nonce[5] = nonce[5] == 'x' ? 'y' : 'x';

        var refused = Refusal(authenticator, Subscribe(authorization: Authorization(new string(nonce))));

        Assert.Equal("Unauthorized (nonce not issued to this address)", refused.ReasonPhrase);
    }

    [Theory]
    [InlineData("alice", "guess")]
    [InlineData("mallory", "secret")]
    public void A_wrong_password_and_an_unknown_user_read_the_same(string user, string password)
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        var refused = Refusal(authenticator, Subscribe(authorization: Authorization(nonce, user: user, password: password)));

        Assert.Equal((401, "Unauthorized (credentials refused)"), (refused.StatusCode, refused.ReasonPhrase));
        Assert.Equal(2, Challenges(refused).Count);
        var log = Assert.Single(_logs.Entries);
        Assert.Equal((AuthenticationLog.CredentialsRefusedId, "DigestCredentialsRefused"), (log.EventId.Id, log.EventId.Name));
        Assert.Contains(user, log.Message, StringComparison.Ordinal);
        Assert.Contains("192.0.2.7", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_does_not_use_up_the_nonce_count()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        Refusal(authenticator, Subscribe(authorization: Authorization(nonce, password: "guess", nc: 1)));

        Assert.True(Check(authenticator, Subscribe(authorization: Authorization(nonce, nc: 1))).Authenticated);
    }

    [Fact]
    public void The_uri_must_name_the_request_uri()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        var other = Refusal(authenticator, Subscribe(authorization: Authorization(nonce, uri: "sip:other@vc.example.com")));
        var sameInOtherCase = Check(authenticator,
            Subscribe(authorization: Authorization(nonce, uri: "sip:room@VC.Example.com", nc: 2)));

        Assert.Equal((400, "Bad Request (digest uri is not the Request-URI)"), (other.StatusCode, other.ReasonPhrase));
        Assert.Empty(Challenges(other));
        Assert.True(sameInOtherCase.Authenticated);
    }

    [Theory]
    [InlineData("sip:room@vc.example.com;transport=tcp", "sip:room@vc.example.com", false)]
    [InlineData("sip:room@vc.example.com:5060", "sip:room@vc.example.com", false)]
    [InlineData("sip:Room@vc.example.com", "sip:room@vc.example.com", false)]
    [InlineData("sip:room@vc.example.com;transport=TCP", "sip:room@vc.example.com;transport=tcp", true)]
    [InlineData("sip:%72oom@vc.example.com", "sip:room@vc.example.com", true)]
    [InlineData("sip:room@vc.example.com;foo=1", "sip:room@vc.example.com", true)]
    [InlineData("sips:room@vc.example.com", "sip:room@vc.example.com", false)]
    [InlineData("tel:+4420712345678", "sip:room@vc.example.com", false)]
    public void Uri_matching_follows_sip_uri_comparison(string answered, string requestUri, bool matches)
    {
        var request = Subscribe(requestUri);

        Assert.Equal(matches, DigestUri.Matches(System.Text.Encoding.UTF8.GetBytes(answered), request));
    }

    [Theory]
    [InlineData("Digest username=\"alice\", realm=\"vc.example.com\"", "Bad Request (malformed Authorization: no nonce)")]
    [InlineData("Digest username=\"alice\" realm=\"vc.example.com\"", "Bad Request (malformed Authorization: no comma after username)")]
    [InlineData("Digest username=\"alice", "Bad Request (malformed Authorization: a quoted string that does not end)")]
    [InlineData("Digest", "Bad Request (malformed Authorization: no parameters after Digest)")]
    public void Malformed_credentials_get_400_saying_what(string value, string reason)
    {
        var refused = Refusal(Create(), Subscribe(authorization: value));

        Assert.Equal((400, reason), (refused.StatusCode, refused.ReasonPhrase));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == AuthenticationLog.NotAcceptedId && e.Level == LogLevel.Debug);
    }

    [Theory]
    [InlineData("nc=00000001", "nc=1", "Bad Request (malformed Authorization: nc is not 8 hex digits from 00000001)")]
    [InlineData("nc=00000001", "nc=0000000g", "Bad Request (malformed Authorization: nc is not 8 hex digits from 00000001)")]
    [InlineData("nc=00000001", "nc=00000000", "Bad Request (malformed Authorization: nc is not 8 hex digits from 00000001)")]
    [InlineData(", cnonce=\"0a4f113b\"", "", "Bad Request (malformed Authorization: no cnonce with qop=auth)")]
    [InlineData("response=\"", "response=\"zz", "Bad Request (malformed Authorization: response is not 64 hex digits)")]
    [InlineData("qop=auth", "qop=auth-int", "Unauthorized (qop=auth required)")]
    [InlineData(", qop=auth", "", "Unauthorized (qop=auth required)")]
    [InlineData("algorithm=SHA-256", "algorithm=SHA-256-sess", "Unauthorized (algorithm not offered)")]
    [InlineData("algorithm=SHA-256", "algorithm=SHA-512-256", "Unauthorized (algorithm not offered)")]
    [InlineData("algorithm=SHA-256", "algorithm=SHA-256, userhash=true", "Unauthorized (userhash not offered)")]
    public void Answers_outside_what_was_offered_are_refused_saying_why(string replace, string with, string reason)
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));
        var answer = Authorization(nonce).Replace(replace, with, StringComparison.Ordinal);

        var refused = Refusal(authenticator, Subscribe(authorization: answer));

        Assert.Equal(reason, refused.ReasonPhrase);
        Assert.Equal(reason.StartsWith("Bad", StringComparison.Ordinal) ? 0 : 2, Challenges(refused).Count);
    }

    [Fact]
    public void An_authorization_over_the_limit_gets_400_unread()
    {
        var authenticator = Create(o => o with { MaxCredentialsBytes = 300 });
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        var refused = Refusal(authenticator, Subscribe(authorization: Authorization(nonce, cnonce: new string('c', 200))));

        Assert.Equal((400, "Bad Request (Authorization over 300 bytes)"), (refused.StatusCode, refused.ReasonPhrase));
    }

    [Theory]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("Digest username=\"alice\", realm=\"elsewhere\", nonce=\"n\", uri=\"sip:room@vc.example.com\", response=\"00\"")]
    public void Credentials_for_another_scheme_or_realm_get_a_plain_challenge(string value)
    {
        var refused = Refusal(Create(), Subscribe(authorization: value));

        Assert.Equal((401, "Unauthorized"), (refused.StatusCode, refused.ReasonPhrase));
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public void The_credentials_for_our_realm_are_found_among_others()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        var result = Check(authenticator,
            Subscribe(authorization: ["Basic YWxpY2U6c2VjcmV0", Authorization(nonce, realm: "elsewhere"), Authorization(nonce)]));

        Assert.True(result.Authenticated);
    }

    [Fact]
    public void A_user_with_only_an_md5_ha1_who_answers_sha256_is_challenged_with_md5_alone()
    {
        _users.Add("carol", DigestCredential.FromHa1(null, H("MD5", $"carol:{Realm}:pw"), "carol@vc.example.com"));
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        var refused = Refusal(authenticator, Subscribe(authorization: Authorization(nonce, "SHA-256", "carol", "pw")));
        var md5 = Check(authenticator, Subscribe(authorization: Authorization(NonceOf(refused), "MD5", "carol", "pw")));

        Assert.Equal("Unauthorized (use an algorithm offered here)", refused.ReasonPhrase);
        Assert.Contains("algorithm=MD5,", Assert.Single(Challenges(refused)), StringComparison.Ordinal);
        Assert.True(md5.Authenticated);
    }

    [Fact]
    public void Only_the_configured_algorithms_are_offered_and_taken()
    {
        var authenticator = Create(o => o with { Algorithms = [DigestAlgorithm.Md5] });
        var challenge = Refusal(authenticator, Subscribe());

        var sha = Refusal(authenticator, Subscribe(authorization: Authorization(NonceOf(challenge), "SHA-256")));

        Assert.EndsWith("algorithm=MD5, qop=\"auth\"", Assert.Single(Challenges(challenge)), StringComparison.Ordinal);
        Assert.Equal("Unauthorized (algorithm not offered)", sha.ReasonPhrase);
    }

    [Fact]
    public void A_folded_authorization_reads_as_one_line()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        var folded = Authorization(nonce).Replace(", realm=", ",\r\n   realm=", StringComparison.Ordinal);

        Assert.True(Check(authenticator, Subscribe(authorization: folded)).Authenticated);
    }

    [Fact]
    public void The_nonce_count_table_keeps_its_bound_and_a_forgotten_nonce_gets_a_stale_challenge()
    {
        var authenticator = Create(o => o with { MaxTrackedNonces = 2 });
        var nonces = Enumerable.Range(0, 3).Select(_ => NonceOf(Refusal(authenticator, Subscribe()))).ToList();
        _time.AdvanceSeconds(1);
        var later = NonceOf(Refusal(authenticator, Subscribe()));

        foreach (var nonce in nonces)
        {
            Assert.True(Check(authenticator, Subscribe(authorization: Authorization(nonce))).Authenticated);
        }

        var forgotten = Refusal(authenticator, Subscribe(authorization: Authorization(nonces[0], nc: 2)));

        Assert.Equal(2, authenticator.TrackedNonces);
        Assert.Equal("Unauthorized (nonce expired)", forgotten.ReasonPhrase);
        Assert.All(Challenges(forgotten), c => Assert.EndsWith("stale=true", c, StringComparison.Ordinal));

        // A nonce issued after the forgotten ones is still good for its first use.
        Assert.True(Check(authenticator, Subscribe(authorization: Authorization(later))).Authenticated);
        Assert.True(Check(authenticator, Subscribe(authorization: Authorization(nonces[2], nc: 2))).Authenticated);
    }

    [Fact]
    public void Refusals_are_logged_once_per_source_per_interval()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));

        for (var i = 0; i < 5; i++)
        {
            Refusal(authenticator, Subscribe(authorization: Authorization(nonce, password: "guess" + i)));
        }

        _time.AdvanceSeconds(61);
        nonce = NonceOf(Refusal(authenticator, Subscribe()));
        Refusal(authenticator, Subscribe(authorization: Authorization(nonce, password: "again")));

        var lines = _logs.Entries.Where(e => e.EventId.Id == AuthenticationLog.CredentialsRefusedId).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("(4 more since 00:00:00)", lines[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_credentials_never_throw_and_get_400_or_401()
    {
        var authenticator = Create();
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));
        var valid = Authorization(nonce);
        var random = new Random(8760);
        for (var i = 0; i < 3_000; i++)
        {
            var chars = valid.ToCharArray();
            for (var n = random.Next(1, 6); n > 0; n--)
            {
                chars[random.Next(chars.Length)] = "\",= \\\t0aZ-x"[random.Next(11)];
            }

            var request = Subscribe(authorization: new string(chars).TrimEnd());
            var result = Check(authenticator, request);
            Assert.True(result.Authenticated || result.Refusal.StatusCode is 400 or 401);
        }

        _logs.AssertNoUnexpectedErrors();
    }

    private DigestAuthenticator Create(Func<DigestOptions, DigestOptions>? change = null)
    {
        _users.Add("alice", DigestCredential.FromPassword("alice", Realm, "secret", "alice@vc.example.com"));
        var options = new DigestOptions { Realm = Realm };
        return new DigestAuthenticator(change?.Invoke(options) ?? options, _users, _time, _logs.CreateLogger<DigestAuthenticator>());
    }

    private DigestResult Authenticated(DigestAuthenticator authenticator, string user, string password, uint nc)
    {
        var nonce = NonceOf(Refusal(authenticator, Subscribe()));
        var result = Check(authenticator, Subscribe(authorization: Authorization(nonce, user: user, password: password, nc: nc)));
        Assert.True(result.Authenticated);
        return result;
    }

    private static SipResponse Refusal(DigestAuthenticator authenticator, SipRequest request)
    {
        var result = Check(authenticator, request);
        Assert.False(result.Authenticated);
        return result.Refusal;
    }

    private static DigestResult Check(DigestAuthenticator authenticator, SipRequest request, IPAddress? source = null) =>
        authenticator.Authenticate(request, source ?? Source, (status, reason, toTag) => SipResponseFactory.Create(request, status, reason, toTag));

    private sealed class Users : IDigestCredentials
    {
        private readonly Dictionary<string, DigestCredential> _byName = new(StringComparer.Ordinal);

        public void Add(string name, DigestCredential credential) => _byName.TryAdd(name, credential);

        public DigestCredential? Find(string username) => _byName.GetValueOrDefault(username);
    }
}
