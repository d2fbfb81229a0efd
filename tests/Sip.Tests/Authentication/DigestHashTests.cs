using System.Text;
using PresenceAgent.Sip.Authentication;

namespace PresenceAgent.Sip.Tests.Authentication;

public sealed class DigestHashTests
{
    // RFC 7616 §3.9.1: Mufasa's request for /dir/index.html, answered with SHA-256 and with MD5.
    private const string Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    [Theory]
    [InlineData(DigestAlgorithm.Sha256, "SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    [InlineData(DigestAlgorithm.Md5, "MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    public void Computes_the_rfc_7616_example_responses(DigestAlgorithm algorithm, string name, string published)
    {
        var credential = DigestCredential.FromPassword("Mufasa", "http-auth@example.org", "Circle of Life", "mufasa");
        var response = new byte[DigestHash.HexLength(algorithm)];

        DigestHash.Response(algorithm, credential.Ha1(algorithm), "GET"u8, "/dir/index.html"u8, Encoding.ASCII.GetBytes(Nonce), "00000001"u8,
            Encoding.ASCII.GetBytes(Cnonce), "auth"u8, response);

        Assert.Equal(published, Encoding.ASCII.GetString(response));
        Assert.Equal(published, DigestClient.Response(name, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html", Nonce,
            "00000001", Cnonce));
    }

    [Fact]
    public void A_precomputed_ha1_is_the_passwords_in_either_case()
    {
        var sha256 = DigestClient.H("SHA-256", "alice:vc.example.com:secret");
        var md5 = DigestClient.H("MD5", "alice:vc.example.com:secret");
        var fromPassword = DigestCredential.FromPassword("alice", "vc.example.com", "secret", "alice@vc.example.com");

        var fromHa1 = DigestCredential.FromHa1(sha256.ToUpperInvariant(), md5, "alice@vc.example.com");

        Assert.Equal(fromPassword.Ha1(DigestAlgorithm.Sha256), fromHa1.Ha1(DigestAlgorithm.Sha256));
        Assert.Equal(fromPassword.Ha1(DigestAlgorithm.Md5), fromHa1.Ha1(DigestAlgorithm.Md5));
        Assert.Equal(sha256, Encoding.ASCII.GetString(fromHa1.Ha1(DigestAlgorithm.Sha256)!));
    }

    [Theory]
    [InlineData("abc", null)]
    [InlineData(null, "0123456789abcdef0123456789abcdeg")]
    [InlineData(null, null)]
    public void A_bad_ha1_is_refused(string? sha256, string? md5) =>
        Assert.Throws<ArgumentException>(() => DigestCredential.FromHa1(sha256, md5, "x"));
}
