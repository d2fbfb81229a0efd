using Microsoft.Extensions.Primitives;
using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

public sealed class EntityTagMatchTests
{
    private const string Tag = "\"abc123\"";

    [Theory]
    [InlineData("\"abc123\"", true)]
    [InlineData("W/\"abc123\"", true)]
    [InlineData("*", true)]
    [InlineData("\"x\", \"abc123\"", true)]
    [InlineData("\"x\",W/\"abc123\"", true)]
    [InlineData("\"ABC123\"", false)]
    [InlineData("\"abc12\"", false)]
    [InlineData("abc123", false)]
    [InlineData("\"abc123", false)]
    [InlineData("", false)]
    public void Compares_weakly_over_lists(string header, bool hit) =>
        Assert.Equal(hit, EntityTagMatch.IfNoneMatchHits(header, Tag));

    [Fact]
    public void Accepts_tags_spread_over_several_header_lines() =>
        Assert.True(EntityTagMatch.IfNoneMatchHits(new StringValues(["\"x\"", "\"abc123\""]), Tag));

    [Fact]
    public void No_header_is_no_hit() =>
        Assert.False(EntityTagMatch.IfNoneMatchHits(StringValues.Empty, Tag));

    [Theory]
    [InlineData("Mon, 06 May 2024 07:08:09 GMT", true)]
    [InlineData("Mon, 06 May 2024 07:08:10 GMT", true)]
    [InlineData("Mon, 06 May 2024 07:08:08 GMT", false)]
    [InlineData("yesterday", false)]
    public void If_modified_since_compares_to_the_second(string header, bool notModified) =>
        Assert.Equal(notModified, EntityTagMatch.NotModifiedSince(header, new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero)));
}
