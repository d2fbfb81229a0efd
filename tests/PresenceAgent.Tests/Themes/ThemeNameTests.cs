using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

public sealed class ThemeNameTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("boardroom")]
    [InlineData("Team-A_2.v2")]
    [InlineData("a")]
    [InlineData("0room")]
    public void Accepts_safe_names(string name) => Assert.True(ThemeName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a b")]
    [InlineData("a%2Fb")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\t")]
    [InlineData("nul\0")]
    public void Rejects_names_that_could_leave_the_folder_or_confuse_urls(string name) =>
        Assert.False(ThemeName.IsValid(name));

    [Fact]
    public void Limits_length()
    {
        Assert.True(ThemeName.IsValid(new string('a', ThemeName.MaxLength)));
        Assert.False(ThemeName.IsValid(new string('a', ThemeName.MaxLength + 1)));
    }
}
