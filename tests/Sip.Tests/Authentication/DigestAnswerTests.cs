using System.Text;
using PresenceAgent.Sip.Authentication;

namespace PresenceAgent.Sip.Tests.Authentication;

/// <summary>The Authorization grammar as a table: what reads, what another scheme is, and what is refused with which fault.</summary>
public sealed class DigestAnswerTests
{
    [Fact]
    public void Reads_every_parameter_quoted_or_not_in_any_case_and_spacing()
    {
        var value = "digest  USERNAME=\"al\\\"ice\" ,realm=\"vc\",nonce=\"n\\\\1\",uri=\"sip:r@vc\",response=\"AB\",algorithm=SHA-256," +
            "qop=\"auth\",nc=00000001,cnonce=\"c\",opaque=\"o\",userhash=false,extra=token";

        Assert.True(DigestAnswer.TryRead(Encoding.UTF8.GetBytes(value), out var answer, out var isDigest, out var error), error);

        Assert.True(isDigest);
        Assert.Null(answer.MissingRequired());
        Assert.Equal("al\"ice", Encoding.UTF8.GetString(answer.Username));
        Assert.Equal("vc", Encoding.UTF8.GetString(answer.Realm));
        Assert.Equal("n\\1", Encoding.UTF8.GetString(answer.Nonce));
        Assert.Equal("sip:r@vc", Encoding.UTF8.GetString(answer.Uri));
        Assert.Equal("AB", Encoding.UTF8.GetString(answer.Response));
        Assert.Equal("SHA-256", Encoding.UTF8.GetString(answer.Algorithm));
        Assert.Equal("auth", Encoding.UTF8.GetString(answer.Qop));
        Assert.Equal("00000001", Encoding.UTF8.GetString(answer.NonceCount));
        Assert.Equal("c", Encoding.UTF8.GetString(answer.Cnonce));
        Assert.Equal("false", Encoding.UTF8.GetString(answer.UserHash));
    }

    [Theory]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("Bearer abc")]
    [InlineData("NTLM qop=\"auth\"")]
    [InlineData("Digestive username=\"a\"")]
    [InlineData("")]
    public void Another_scheme_is_not_read(string value)
    {
        Assert.False(DigestAnswer.TryRead(Encoding.UTF8.GetBytes(value), out _, out var isDigest, out var error));

        Assert.False(isDigest);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("Digest", "no parameters after Digest")]
    [InlineData("Digest,username=\"a\"", "no parameters after Digest")]
    [InlineData("Digest username", "username without '='")]
    [InlineData("Digest username=", "a parameter with an empty value")]
    [InlineData("Digest username=\"a", "a quoted string that does not end")]
    [InlineData("Digest username=\"a\\", "a bad byte in a quoted string")]
    [InlineData("Digest username=\"a\" realm=\"b\"", "no comma after username")]
    [InlineData("Digest username=\"a\",", "a parameter without a name")]
    [InlineData("Digest username=\"a\",,realm=\"b\"", "a parameter without a name")]
    [InlineData("Digest =\"a\"", "a parameter without a name")]
    [InlineData("Digest username=\"a\", Username=\"b\"", "Username given twice")]
    [InlineData("Digest nc=1, nc=2", "nc given twice")]
    [InlineData("Digest username=@", "a parameter with an empty value")]
    public void Refuses_what_breaks_the_grammar_saying_what(string value, string expected)
    {
        Assert.False(DigestAnswer.TryRead(Encoding.UTF8.GetBytes(value), out _, out var isDigest, out var error));

        Assert.True(isDigest);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("Digest realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\"", "username")]
    [InlineData("Digest username=\"a\", nonce=\"n\", uri=\"u\", response=\"x\"", "realm")]
    [InlineData("Digest username=\"a\", realm=\"r\", uri=\"u\", response=\"x\"", "nonce")]
    [InlineData("Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\"", "uri")]
    [InlineData("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\"", "response")]
    public void Names_the_first_required_parameter_missing(string value, string missing)
    {
        Assert.True(DigestAnswer.TryRead(Encoding.UTF8.GetBytes(value), out var answer, out _, out _));

        Assert.Equal(missing, answer.MissingRequired());
    }

    [Fact]
    public void Never_throws_whatever_the_bytes()
    {
        var random = new Random(7616);
        var alphabet = Encoding.ASCII.GetBytes("Digest usernamerealm=\",\\ \t\r\nnc01aA-");
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            for (var j = 0; j < bytes.Length; j++)
            {
                bytes[j] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            var read = DigestAnswer.TryRead(bytes, out _, out var isDigest, out var error);
            Assert.True(read || !isDigest || error is not null);
        }
    }
}
