using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Tests.Authentication;

/// <summary>Requests and challenges of the authenticator tests, answered by <see cref="DigestAnswers"/> (written apart from the code under test).</summary>
internal static class DigestClient
{
    public const string Realm = "vc.example.com";
    public const string RoomUri = "sip:room@vc.example.com";

    public static string H(string algorithm, string text) => DigestAnswers.H(algorithm, text);

    public static string Response(string algorithm, string user, string realm, string password, string method, string uri, string nonce, string nc,
        string cnonce) => DigestAnswers.Response(algorithm, user, realm, password, method, uri, nonce, nc, cnonce);

    public static string Authorization(string nonce, string algorithm = "SHA-256", string user = "alice", string password = "secret", uint nc = 1,
        string method = "SUBSCRIBE", string uri = RoomUri, string realm = Realm, string cnonce = "0a4f113b") =>
        DigestAnswers.Authorization(nonce, realm, uri, method, algorithm, user, password, nc, cnonce);

    /// <summary>A SUBSCRIBE as a peer sends it, through the parser, with these Authorization values.</summary>
    public static SipRequest Subscribe(string uri = RoomUri, params string[] authorization)
    {
        var lines = new List<string>
        {
            $"SUBSCRIBE {uri} SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKauth1",
            "Max-Forwards: 70",
            "From: <sip:alice@example.org>;tag=w1",
            "To: <sip:room@vc.example.com>",
            "Call-ID: auth-1@192.0.2.7",
            "CSeq: 1 SUBSCRIBE",
            "Event: presence",
        };
        lines.AddRange(authorization.Select(a => "Authorization: " + a));
        lines.Add("Content-Length: 0");
        var result = SipMessageParser.Parse(Support.SipText.Message([.. lines]), new SipLimits(), isDatagram: true);
        Assert.True(result.Success, result.Failure?.ToString());
        return (SipRequest)result.Message!;
    }

    /// <summary>The WWW-Authenticate values of a 401, in order.</summary>
    public static List<string> Challenges(SipResponse response) =>
        [.. response.Headers.Where(h => h.Kind == HeaderKind.WwwAuthenticate).Select(h => h.Value)];

    public static string NonceOf(SipResponse response) => DigestAnswers.NonceOf(Challenges(response)[0]);
}
