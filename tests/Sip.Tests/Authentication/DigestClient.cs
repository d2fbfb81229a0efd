using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Tests.Authentication;

/// <summary>
/// A client's side of digest authentication, written here from RFC 7616 §3.4 with .NET's hashes and strings, apart from
/// the code under test: it reads challenges and answers them as a UAC would.
/// </summary>
internal static partial class DigestClient
{
    public const string Realm = "vc.example.com";
    public const string RoomUri = "sip:room@vc.example.com";

    /// <summary>The hex of <paramref name="algorithm"/> ("MD5" or "SHA-256") over UTF-8 <paramref name="text"/>.</summary>
    public static string H(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5351 // MD5 is what the MD5 answers are made of.
        return Convert.ToHexStringLower(algorithm == "MD5" ? MD5.HashData(bytes) : SHA256.HashData(bytes));
#pragma warning restore CA5351
    }

    /// <summary>response for qop=auth: KD(H(A1), nonce:nc:cnonce:qop:H(A2)).</summary>
    public static string Response(string algorithm, string user, string realm, string password, string method, string uri, string nonce, string nc,
        string cnonce) =>
        H(algorithm, $"{H(algorithm, $"{user}:{realm}:{password}")}:{nonce}:{nc}:{cnonce}:auth:{H(algorithm, $"{method}:{uri}")}");

    /// <summary>An Authorization value answering <paramref name="nonce"/>.</summary>
    public static string Authorization(string nonce, string algorithm = "SHA-256", string user = "alice", string password = "secret", uint nc = 1,
        string method = "SUBSCRIBE", string uri = RoomUri, string realm = Realm, string cnonce = "0a4f113b")
    {
        var count = nc.ToString("x8", CultureInfo.InvariantCulture);
        var response = Response(algorithm, user, realm, password, method, uri, nonce, count, cnonce);
        return $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", " +
            $"algorithm={algorithm}, qop=auth, nc={count}, cnonce=\"{cnonce}\"";
    }

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

    public static string NonceOf(string challenge) => NonceParameter().Match(challenge).Groups[1].Value;

    public static string NonceOf(SipResponse response) => NonceOf(Challenges(response)[0]);

    [GeneratedRegex("nonce=\"([^\"]*)\"")]
    private static partial Regex NonceParameter();
}
