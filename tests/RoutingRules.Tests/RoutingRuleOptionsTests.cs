namespace PresenceAgent.RoutingRules.Tests;

public sealed class RoutingRuleOptionsTests
{
    [Fact]
    public void Defaults_are_50_ms_and_256_characters()
    {
        var options = new RoutingRuleOptions();

        Assert.Equal(TimeSpan.FromMilliseconds(50), options.MatchTimeout);
        Assert.Equal(256, options.MaxAliasLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void MatchTimeout_out_of_range_is_refused(int milliseconds)
    {
        var options = new RoutingRuleOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.MatchTimeout = TimeSpan.FromMilliseconds(milliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.MatchTimeout);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void MatchTimeout_in_range_is_kept(int milliseconds)
    {
        var options = new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(milliseconds) };

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), options.MatchTimeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void MaxAliasLength_below_one_is_refused(int length)
    {
        var options = new RoutingRuleOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxAliasLength = length);
        Assert.Equal(256, options.MaxAliasLength);
    }

    [Fact]
    public void Timeout_applies_to_backtracking_rules()
    {
        RoutingRuleSet set = TestRules.Set(
            new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(7) },
            TestRules.Rule("twice", @"(\w+)-\1"),
            TestRules.Rule("plain", @"\w+"));

        Assert.Equal(TimeSpan.FromMilliseconds(7), set.Rules[0].Regex.MatchTimeout);
        Assert.Equal(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, set.Rules[1].Regex.MatchTimeout);
    }
}
