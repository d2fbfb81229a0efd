using static PresenceAgent.RoutingRules.Tests.TestRules;

namespace PresenceAgent.RoutingRules.Tests;

public sealed class RoutingRuleLinterTests
{
    private static IReadOnlyList<RoutingRuleWarning> Lint(params RoutingRule[] rules) => Set(rules).Lint();

    [Theory]
    [InlineData(@"meet\..+")]
    [InlineData(@"(\d{3})(\d+)")]
    [InlineData(@"[a-z]+\.[a-z]+")]
    public void Ordinary_rule_gets_no_warnings(string pattern)
    {
        Assert.Empty(Lint(Rule("r", pattern)));
    }

    [Fact]
    public void Replace_that_ignores_the_groups_of_match_is_fine()
    {
        Assert.Empty(Lint(Rule("r", @"meet\.(.+)", "reception@vc")));
    }

    [Theory]
    [InlineData(".*")]
    [InlineData(".+")]
    [InlineData("(.*)")]
    [InlineData("(?:.+?)")]
    [InlineData("(?<all>.+)")]
    [InlineData("^.*$")]
    [InlineData(@"[\s\S]*")]
    [InlineData(".{1,}")]
    public void Warns_on_a_match_everything_pattern(string pattern)
    {
        RoutingRuleWarning warning = Assert.Single(Lint(Rule("catch-all", pattern)), w => w.Code == RoutingRuleWarningCode.MatchesEverything);

        Assert.Equal(RoutingRuleWarningSeverity.Warning, warning.Severity);
        Assert.Equal("catch-all", warning.RuleName);
        Assert.Equal(
            $"rule 'catch-all' matches every alias ('{pattern}'), so any mistyped alias is routed through it and looks available; narrow Match to the aliases this rule serves",
            warning.Message);
    }

    [Theory]
    [InlineData("a*")]
    [InlineData("(meet)?")]
    [InlineData("x|")]
    [InlineData(@"\d{0,4}")]
    public void Warns_on_a_pattern_that_matches_the_empty_alias(string pattern)
    {
        RoutingRuleWarning warning = Assert.Single(Lint(Rule("loose", pattern)));

        Assert.Equal(RoutingRuleWarningCode.MatchesEmptyAlias, warning.Code);
        Assert.Equal("rule 'loose' matches the empty alias; require at least one character (e.g. + rather than *)", warning.Message);
    }

    [Fact]
    public void Match_everything_is_not_also_reported_as_matching_the_empty_alias()
    {
        Assert.DoesNotContain(Lint(Rule("all", ".*")), w => w.Code == RoutingRuleWarningCode.MatchesEmptyAlias);
    }

    [Fact]
    public void Warns_when_an_earlier_enabled_rule_has_the_same_pattern()
    {
        IReadOnlyList<RoutingRuleWarning> warnings = Lint(
            Rule("second", @"^meet\..+$", priority: 2),
            Rule("first", @"meet\..+", priority: 1));

        RoutingRuleWarning warning = Assert.Single(warnings, w => w.Code == RoutingRuleWarningCode.Shadowed);
        Assert.Equal("second", warning.RuleName);
        Assert.Equal(0, warning.Position);
        Assert.Equal(
            "rule 'second' never wins: the earlier enabled rule 'first' has the same Match; remove one, or give the one you want a lower Priority",
            warning.Message);
    }

    [Fact]
    public void Same_pattern_behind_a_disabled_rule_is_not_shadowed()
    {
        Assert.Empty(Lint(Rule("first", @"meet\..+", enabled: false), Rule("second", @"meet\..+")));
    }

    [Fact]
    public void Case_sensitive_rule_does_not_shadow_a_case_insensitive_one()
    {
        Assert.Empty(Lint(Rule("exact", @"meet\..+", ignoreCase: false), Rule("loose", @"meet\..+")));
        Assert.Single(Lint(Rule("loose", @"meet\..+"), Rule("exact", @"meet\..+", ignoreCase: false)));
    }

    [Fact]
    public void Warns_when_an_earlier_rule_matches_everything()
    {
        IReadOnlyList<RoutingRuleWarning> warnings = Lint(Rule("all", ".+"), Rule("meet", @"meet\..+"), Rule("blank", "x?"));

        RoutingRuleWarning warning = Assert.Single(warnings, w => w.Code == RoutingRuleWarningCode.Shadowed);
        Assert.Equal(
            "rule 'meet' never wins: the earlier enabled rule 'all' matches every alias; give 'meet' a lower Priority",
            warning.Message);
    }

    [Fact]
    public void Warns_when_a_rule_needs_the_backtracking_engine()
    {
        RoutingRuleSet set = Set(new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(20) }, Rule("twice", @"(\w+)-\1"));

        RoutingRuleWarning warning = Assert.Single(set.Lint());

        Assert.Equal(RoutingRuleWarningCode.BacktrackingFallback, warning.Code);
        Assert.Equal(RoutingRuleWarningSeverity.Warning, warning.Severity);
        Assert.Equal(
            @"rule 'twice' needs the backtracking regex engine (backreference (\ number)), so each alias may cost it up to 20 ms and running out of time counts as no match; rewrite it without backreferences, lookarounds, atomic groups or conditionals if you can",
            warning.Message);
    }

    [Theory]
    [InlineData(@"^meet\..+", "rule 'r': the leading '^' is redundant, as every Match is anchored to the whole alias")]
    [InlineData(@"meet\..+$", "rule 'r': the trailing '$' is redundant, as every Match is anchored to the whole alias")]
    [InlineData(@"^meet\..+$", "rule 'r': the leading '^' and trailing '$' are redundant, as every Match is anchored to the whole alias")]
    public void Notes_redundant_anchors_as_info(string pattern, string message)
    {
        RoutingRuleWarning warning = Assert.Single(Lint(Rule("r", pattern)));

        Assert.Equal(RoutingRuleWarningCode.RedundantAnchor, warning.Code);
        Assert.Equal(RoutingRuleWarningSeverity.Info, warning.Severity);
        Assert.Equal(message, warning.Message);
    }

    [Theory]
    [InlineData(@"price\$")]
    [InlineData(@"a\\\$")]
    [InlineData(@"[$]")]
    public void An_escaped_dollar_is_not_an_anchor(string pattern)
    {
        Assert.Empty(Lint(Rule("r", pattern)));
    }

    [Fact]
    public void Escaped_backslash_before_a_dollar_leaves_the_dollar_an_anchor()
    {
        Assert.Equal(RoutingRuleWarningCode.RedundantAnchor, Assert.Single(Lint(Rule("r", @"a\\$"))).Code);
    }

    [Fact]
    public void Disabled_rules_are_linted_too()
    {
        Assert.Equal(RoutingRuleWarningCode.MatchesEverything, Assert.Single(Lint(Rule("later", ".*", enabled: false))).Code);
    }

    [Fact]
    public void Warnings_come_in_evaluation_order()
    {
        IReadOnlyList<RoutingRuleWarning> warnings = Lint(
            Rule("c", "^c", priority: 3),
            Rule("a", "^a", priority: 1),
            Rule("b", "^b", priority: 2));

        Assert.Equal(["a", "b", "c"], warnings.Select(w => w.RuleName));
    }
}
