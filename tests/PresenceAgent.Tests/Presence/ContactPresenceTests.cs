using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Presence;

public sealed class ContactPresenceTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 9, 15, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sip:meet.alice@vc.example.com")]
    [InlineData("sips:room@example.com")]
    [InlineData("pres:room@example.com")]
    [InlineData("SIP:Room@Example.com;transport=tls")]
    public void Accepts_bare_presentity_uris(string entity) =>
        Assert.Equal(entity, Create(entity).Entity);

    [Theory]
    [InlineData("<sip:room@example.com>")]
    [InlineData("\"Room\" <sip:room@example.com>")]
    [InlineData("sip:room@example.com ")]
    [InlineData("room@example.com")]
    [InlineData("http://example.com/room")]
    [InlineData("sip:")]
    [InlineData(":room")]
    [InlineData("sip:caf\u00e9@example.com")]
    public void Rejects_entities_that_are_not_bare_sip_uris(string entity) =>
        Assert.Throws<ArgumentException>(() => Create(entity));

    [Fact]
    public void Defaults_description_language_to_english() =>
        Assert.Equal("en", Create("sip:r@x").DescriptionLanguage);

    [Theory]
    [InlineData("de-CH")]
    [InlineData("zh-Hant-TW")]
    [InlineData("fr")]
    public void Accepts_language_tags(string tag) =>
        Assert.Equal(tag, (Create("sip:r@x") with { DescriptionLanguage = tag }).DescriptionLanguage);

    [Theory]
    [InlineData("")]
    [InlineData("en_US")]
    [InlineData("en-")]
    [InlineData("-en")]
    [InlineData("1en")]
    [InlineData("en\"x")]
    [InlineData("toolongtag")]
    public void Rejects_bad_language_tags(string tag) =>
        Assert.Throws<ArgumentException>(() => Create("sip:r@x") with { DescriptionLanguage = tag });

    [Fact]
    public void Rejects_relative_or_non_web_icon_urls()
    {
        Assert.Throws<ArgumentException>(() => Create("sip:r@x") with { IconUrl = new Uri("/avatars/x.jpg", UriKind.Relative) });
        Assert.Throws<ArgumentException>(() => Create("sip:r@x") with { IconUrl = new Uri("file:///etc/passwd") });
        Assert.Throws<ArgumentException>(() => Create("sip:r@x") with { HomepageUrl = new Uri("ftp://example.com/") });
    }

    [Fact]
    public void Requires_a_state_and_a_language()
    {
        Assert.Throws<ArgumentNullException>(() => Create("sip:r@x") with { State = null! });
        Assert.Throws<ArgumentNullException>(() => Create("sip:r@x") with { Language = null! });
    }

    private static ContactPresence Create(string entity) => new()
    {
        Entity = entity,
        DisplayName = "Room",
        State = StateCatalogue.BuiltIn.Available,
        Language = PresenceLanguages.Default.First,
        Timestamp = Now,
    };
}
