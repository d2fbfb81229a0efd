namespace PresenceAgent.RoutingRules.Tests;

public sealed class ReplacementTemplateTests
{
    public static TheoryData<string, string, string, string> Substitutions => new()
    {
        // Match, Replace, alias, expected destination
        { @"meet\.(.+)", @"\1@vc.example.com", "meet.alice", "alice@vc.example.com" },
        { @"(\d{3})(\d+)", @"\2-\1", "8881234", "1234-888" },
        { @"meet\.(.+)", @"\0", "meet.alice", "meet.alice" },
        { @"meet\.(.+)", @"gw-\0-\1", "Meet.Bob", "gw-Meet.Bob-Bob" },
        { @"(.+)", @"a\\b\1", "x", @"a\bx" },
        { @"(.+)", @"\\\1", "x", @"\x" },
        { @"(.+)", @"\\\\", "x", @"\\" },
        { @"(x)?(y)", @"[\1][\2]", "y", "[][y]" },
        { @"(.+)", @"\1\1", "ab", "abab" },
        { @"(.+)", @"\10", "ab", "ab0" },
        { @"(.+)", @"a\qb", "x", @"a\qb" },
        { @"(.+)", @"end\", "x", @"end\" },
        { @"(.+)", "static@gw", "anything", "static@gw" },
        { @"(?<user>.+)@(.+)", @"\2/\1", "alice@example.com", "alice/example.com" },
    };

    [Theory]
    [MemberData(nameof(Substitutions))]
    public void Destination_follows_pexip_substitutions(string match, string replace, string alias, string expected)
    {
        RoutingRuleSet set = TestRules.Set(TestRules.Rule("r", match, replace));

        RoutingMatch result = set.Match(alias);

        Assert.True(result.IsMatch);
        Assert.Equal(expected, result.Destination);
    }

    [Fact]
    public void Destination_is_the_alias_itself_without_replace()
    {
        RoutingRuleSet set = TestRules.Set(TestRules.Rule("r", @"meet\..+"));

        Assert.Equal("Meet.Alice", set.Match("Meet.Alice").Destination);
    }

    [Theory]
    [InlineData(@"\1-\3\1", new[] { 1, 3 })]
    [InlineData(@"\0", new[] { 0 })]
    [InlineData(@"plain\\text", new int[0])]
    public void Parse_lists_each_referenced_group_once(string replace, int[] expected)
    {
        Assert.Equal(expected, ReplacementTemplate.Parse(replace).ReferencedGroups);
    }

    [Fact]
    public void Parse_keeps_a_template_without_groups_as_one_constant()
    {
        Assert.Equal(@"a\b", ReplacementTemplate.Parse(@"a\\b").Constant);
        Assert.Null(ReplacementTemplate.Parse(@"a\1").Constant);
    }
}
