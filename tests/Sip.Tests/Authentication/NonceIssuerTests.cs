using System.Net;
using System.Text;
using PresenceAgent.Sip.Authentication;

namespace PresenceAgent.Sip.Tests.Authentication;

public sealed class NonceIssuerTests
{
    private static readonly IPAddress Source = IPAddress.Parse("192.0.2.7");

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void A_nonce_opens_for_its_source_until_its_lifetime_is_over()
    {
        var issuer = new NonceIssuer(_time, TimeSpan.FromSeconds(300));
        var nonce = Encoding.ASCII.GetBytes(issuer.Issue(Source));

        Assert.Equal(NonceIssuer.TextLength, nonce.Length);
        Assert.True(issuer.TryOpen(nonce, Source, out var id, out _, out var expired));
        Assert.False(expired);

        _time.AdvanceSeconds(300);
        Assert.True(issuer.TryOpen(nonce, Source, out var again, out _, out expired));
        Assert.False(expired);
        Assert.Equal(id, again);

        _time.AdvanceSeconds(0.001);
        Assert.True(issuer.TryOpen(nonce, Source, out _, out _, out expired));
        Assert.True(expired);
    }

    [Fact]
    public void Every_nonce_is_new()
    {
        var issuer = new NonceIssuer(_time, TimeSpan.FromSeconds(300));

        var nonces = Enumerable.Range(0, 1000).Select(_ => issuer.Issue(Source)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, nonces.Count);
    }

    [Theory]
    [InlineData("192.0.2.8", false)]
    [InlineData("::ffff:192.0.2.7", true)]
    public void A_nonce_is_bound_to_the_address_it_was_issued_to(string other, bool opens)
    {
        var issuer = new NonceIssuer(_time, TimeSpan.FromSeconds(300));
        var nonce = Encoding.ASCII.GetBytes(issuer.Issue(Source));

        Assert.Equal(opens, issuer.TryOpen(nonce, IPAddress.Parse(other), out _, out _, out _));
    }

    [Theory]
    [InlineData("2001:db8:1:2::99", true)]
    [InlineData("2001:db8:1:3::5", false)]
    public void An_ipv6_nonce_is_bound_to_its_slash_64(string other, bool opens)
    {
        var issuer = new NonceIssuer(_time, TimeSpan.FromSeconds(300));
        var nonce = Encoding.ASCII.GetBytes(issuer.Issue(IPAddress.Parse("2001:db8:1:2::5")));

        Assert.Equal(opens, issuer.TryOpen(nonce, IPAddress.Parse(other), out _, out _, out _));
    }

    [Fact]
    public void A_nonce_altered_anywhere_or_from_another_process_does_not_open()
    {
        var issuer = new NonceIssuer(_time, TimeSpan.FromSeconds(300));
        var nonce = issuer.Issue(Source);

        for (var i = 0; i < nonce.Length; i++)
        {
            var altered = nonce.ToCharArray();
            altered[i] = altered[i] == 'A' ? 'B' : 'A';
            Assert.False(issuer.TryOpen(Encoding.ASCII.GetBytes(altered), Source, out _, out _, out _), $"altered at {i}");
        }

        // The last character carries 4 bits of the nonce and 2 spare ones: no other spelling of it opens either.
        foreach (var c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".Where(c => c != nonce[^1]))
        {
            Assert.False(issuer.TryOpen(Encoding.ASCII.GetBytes(nonce[..^1] + c), Source, out _, out _, out _), $"last character {c}");
        }

        Assert.False(new NonceIssuer(_time, TimeSpan.FromSeconds(300)).TryOpen(Encoding.ASCII.GetBytes(nonce), Source, out _, out _, out _));
        Assert.False(issuer.TryOpen(Encoding.ASCII.GetBytes(nonce[..^1]), Source, out _, out _, out _));
        Assert.False(issuer.TryOpen("not a nonce at all, but forty-three bytes!!"u8, Source, out _, out _, out _));
    }
}
