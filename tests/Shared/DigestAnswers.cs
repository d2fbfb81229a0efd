using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PresenceAgent.Testing;

/// <summary>
/// A client's side of digest authentication, written from RFC 7616 §3.4 with .NET's hashes and strings, apart from
/// the code under test: it answers challenges as a UAC would.
/// </summary>
internal static partial class DigestAnswers
{
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

    /// <summary>An Authorization value answering <paramref name="nonce"/> for <paramref name="method"/> to <paramref name="uri"/>.</summary>
    public static string Authorization(string nonce, string realm, string uri, string method = "SUBSCRIBE", string algorithm = "SHA-256",
        string user = "alice", string password = "secret", uint nc = 1, string cnonce = "0a4f113b")
    {
        var count = nc.ToString("x8", CultureInfo.InvariantCulture);
        var response = Response(algorithm, user, realm, password, method, uri, nonce, count, cnonce);
        return $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", " +
            $"algorithm={algorithm}, qop=auth, nc={count}, cnonce=\"{cnonce}\"";
    }

    /// <summary>The nonce of a WWW-Authenticate value.</summary>
    public static string NonceOf(string challenge) => NonceParameter().Match(challenge).Groups[1].Value;

    [GeneratedRegex("nonce=\"([^\"]*)\"")]
    private static partial Regex NonceParameter();
}
