using PresenceAgent.Presence;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Presence;

public sealed class AcceptLanguageTests
{
    private static string Negotiate(params string[]? header) => PresenceLanguages.Default.Negotiate(header).Tag;

    [Fact]
    public void No_header_gets_the_first_configured_language() => Assert.Equal("en-US", PresenceLanguages.Default.Negotiate(null).Tag);

    [Theory]
    [InlineData("de-DE", "de-DE")]
    [InlineData("FR-fr", "fr-FR")]
    [InlineData("es", "es-ES")]
    [InlineData("de", "de-DE")]
    [InlineData("en", "en-US")]
    public void An_exact_tag_or_a_prefix_names_a_language(string header, string expected) => Assert.Equal(expected, Negotiate(header));

    [Theory]
    [InlineData("de-AT", "de-DE")]
    [InlineData("fr-CA", "fr-FR")]
    [InlineData("es-MX", "es-ES")]
    [InlineData("de-DE-1996", "de-DE")]
    public void A_regional_or_longer_range_finds_the_same_language(string header, string expected) => Assert.Equal(expected, Negotiate(header));

    [Theory]
    [InlineData("fr;q=0.5, de;q=0.8", "de-DE")]
    [InlineData("fr;q=0.5, de;q=0.8, es", "es-ES")]
    [InlineData("es-MX, en;q=0.5", "es-ES")]
    [InlineData("it, de;q=0.1", "de-DE")]
    [InlineData("en;q=0, de;q=0.3", "de-DE")]
    [InlineData("de;q=0.9, fr;q=0.9", "de-DE")]
    [InlineData("fr;q=0.9, de;q=0.9", "de-DE")]
    public void The_highest_q_wins_and_ties_go_to_the_closer_then_the_earlier_configured(string header, string expected) =>
        Assert.Equal(expected, Negotiate(header));

    [Theory]
    [InlineData("de;q=0.8, de-DE;q=1", "de-DE")]
    [InlineData("fr-FR;q=0.2, fr;q=1, de;q=0.5", "de-DE")]
    public void The_closest_range_gives_a_language_its_q(string header, string expected) => Assert.Equal(expected, Negotiate(header));

    [Theory]
    [InlineData("*")]
    [InlineData("ja, *;q=0.1")]
    [InlineData("ja, zh-CN")]
    [InlineData("de;q=0, fr;q=0, es;q=0, en;q=0")]
    [InlineData("")]
    [InlineData("de_DE, ?, ;q=1")]
    public void Nothing_acceptable_of_ours_gets_the_first_configured(string header) => Assert.Equal("en-US", Negotiate(header));

    [Fact]
    public void A_wildcard_with_a_higher_q_than_a_named_language_still_gives_the_first_configured() =>
        Assert.Equal("en-US", Negotiate("fr;q=0.2, *"));

    [Fact]
    public void Several_header_fields_and_commas_inside_one_read_as_one_list() =>
        Assert.Equal("es-ES", Negotiate("ja", "it;q=0.9, es;q=0.95", "fr;q=0.5"));

    [Theory]
    [InlineData("fr;q=abc", "fr-FR")]
    [InlineData("fr;q=2", "fr-FR")]
    [InlineData("fr ; Q=0.7 ; level=1, de;q=0.6", "fr-FR")]
    public void An_unreadable_q_counts_as_one(string header, string expected) => Assert.Equal(expected, Negotiate(header));

    [Fact]
    public void The_admins_order_decides_the_default_and_the_ties()
    {
        var languages = new PresenceLanguages([TestStates.Language("fr-FR"), TestStates.Language("de-DE")]);

        Assert.Equal("fr-FR", languages.Negotiate(["ja"]).Tag);
        Assert.Equal("fr-FR", languages.Negotiate(["*"]).Tag);
        Assert.Equal("de-DE", languages.Negotiate(["de-CH, en"]).Tag);
    }
}
