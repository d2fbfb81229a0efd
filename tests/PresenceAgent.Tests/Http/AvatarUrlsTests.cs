using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

public sealed class AvatarUrlsTests
{
    [Theory]
    [InlineData("https://vc.example.com", "default", "https://vc.example.com/avatars/default.jpg")]
    [InlineData("https://vc.example.com/", "boardroom", "https://vc.example.com/avatars/boardroom.jpg")]
    [InlineData("https://vc.example.com/presence", "team.v2", "https://vc.example.com/presence/avatars/team.v2.jpg")]
    [InlineData("http://vc.example.com:8080/presence/?x=1#f", "a_b", "http://vc.example.com:8080/presence/avatars/a_b.jpg")]
    public void Builds_absolute_urls_under_the_public_base(string publicBase, string theme, string expected) =>
        Assert.Equal(expected, AvatarUrls.For(new Uri(publicBase), theme).AbsoluteUri);

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData(".hidden")]
    public void Refuses_names_that_are_not_theme_names(string theme) =>
        Assert.Throws<ArgumentException>(() => AvatarUrls.For(new Uri("https://vc.example.com/"), theme));

    [Fact]
    public void Refuses_relative_or_non_web_bases()
    {
        Assert.Throws<ArgumentException>(() => AvatarUrls.For(new Uri("/presence", UriKind.Relative), "default"));
        Assert.Throws<ArgumentException>(() => AvatarUrls.For(new Uri("sip:room@example.com"), "default"));
    }
}
