using static PresenceAgent.RoutingRules.Tests.TestRules;

namespace PresenceAgent.RoutingRules.Tests;

public sealed partial class RoutingRuleSetTests
{
    public static TheoryData<string, string?> PriorityCases => new()
    {
        // alias, expected winning rule
        { "meet.alice", "meet-specific" },
        { "meet.bob", "meet-any" },
        // Same priority: the rule configured first wins, even though the later one is more specific.
        { "8881234", "numeric-any" },
        { "1234", "numeric-any" },
        { "vmr.x", null },
    };

    [Theory]
    [MemberData(nameof(PriorityCases))]
    public void Lowest_priority_matching_rule_wins(string alias, string? expected)
    {
        RoutingRuleSet set = Set(
            Rule("meet-any", @"meet\..+", priority: 50),
            Rule("numeric-any", @"\d+", priority: 20),
            Rule("meet-specific", @"meet\.alice", priority: 10),
            Rule("numeric-888", @"888\d+", priority: 20));

        RoutingMatch result = set.Match(alias);

        Assert.Equal(expected, result.Rule?.Name);
        Assert.Equal(expected is null ? RoutingOutcome.NoMatch : RoutingOutcome.Matched, result.Outcome);
    }

    [Fact]
    public void Equal_priorities_keep_configured_order()
    {
        RoutingRuleSet set = Set(
            Rule("c", "x.*", priority: 5),
            Rule("a", "x.*", priority: 5),
            Rule("first", "y", priority: 1),
            Rule("b", "x.*", priority: 5));

        Assert.Equal(["first", "c", "a", "b"], set.Rules.Select(r => r.Name));
        Assert.Equal("c", set.Match("xyz").Rule?.Name);
    }

    [Fact]
    public void Disabled_rule_never_matches_and_the_next_rule_wins()
    {
        RoutingRuleSet set = Set(
            Rule("off", @"meet\..+", "off@gw", priority: 1, enabled: false),
            Rule("on", @"meet\..+", "on@gw", priority: 2));

        RoutingMatch result = set.Match("meet.alice");

        Assert.Equal("on", result.Rule?.Name);
        Assert.Equal("on@gw", result.Destination);
    }

    [Fact]
    public void Only_disabled_rules_give_no_match()
    {
        RoutingRuleSet set = Set(Rule("off", ".+", enabled: false));

        Assert.Same(RoutingMatch.NoMatch, set.Match("anything"));
    }

    [Theory]
    [InlineData(@"meet\..*", "meet.alice", true)]
    [InlineData(@"meet\..*", "xmeet.alice", false)]
    [InlineData(@"meet\..*", "meet", false)]
    [InlineData(@"alice", "alice2", false)]
    [InlineData(@"alice", "malice", false)]
    [InlineData(@"alice", "alice\n", false)]
    [InlineData(@"a|ab", "ab", true)]
    [InlineData(@"^alice$", "alice", true)]
    [InlineData(@"888\d{4}", "8881234", true)]
    [InlineData(@"888\d{4}", "88812345", false)]
    public void Match_covers_the_whole_alias(string pattern, string alias, bool matches)
    {
        RoutingRuleSet set = Set(Rule("r", pattern));

        Assert.Equal(matches, set.Match(alias).IsMatch);
    }

    [Theory]
    [InlineData(true, "MEET.Alice", true)]
    [InlineData(true, "meet.alice", true)]
    [InlineData(false, "MEET.Alice", false)]
    [InlineData(false, "meet.alice", true)]
    public void IgnoreCase_decides_case_sensitivity(bool ignoreCase, string alias, bool matches)
    {
        RoutingRuleSet set = Set(Rule("r", @"meet\.alice", ignoreCase: ignoreCase));

        Assert.Equal(matches, set.Match(alias).IsMatch);
    }

    [Fact]
    public void Case_is_ignored_by_default()
    {
        Assert.True(new RoutingRule().IgnoreCase);
        Assert.True(new RoutingRule().Enabled);
    }

    [Fact]
    public void Ordinary_patterns_run_on_the_linear_engine()
    {
        RoutingRuleSet set = Set(
            Rule("plain", @"meet\.(.+)", @"\1@gw"),
            Rule("classes", @"[a-z0-9._-]{1,64}"),
            Rule("lazy", @"a*?b"),
            Rule("named", @"(?<user>[^@]+)@vc\.example\.com"));

        Assert.All(set.Rules, r => Assert.Equal(RoutingRuleEngine.NonBacktracking, r.Engine));
        Assert.All(set.Rules, r => Assert.Null(r.FallbackReason));
    }

    [Fact]
    public void Hostile_alias_on_an_ordinary_pattern_is_no_match_not_a_hang()
    {
        // Exponential for a backtracking engine; linear here, so no timeout is involved at all.
        RoutingRuleSet set = Set(new RoutingRuleOptions { MaxAliasLength = 20_000 }, Rule("r", "(a|aa)*c"));

        RoutingMatch result = set.Match(HostileAlias(10_000));

        Assert.Equal(RoutingRuleEngine.NonBacktracking, set.Rules[0].Engine);
        Assert.Equal(RoutingOutcome.NoMatch, result.Outcome);
        Assert.Empty(result.TimedOutRules);
        Assert.Equal(0, set.Timeouts);
    }

    [Fact]
    public void Backreference_falls_back_to_the_backtracking_engine()
    {
        RoutingRuleSet set = Set(Rule("twice", @"(\w+)-\1", @"\1"));

        CompiledRoutingRule rule = Assert.Single(set.Rules);
        Assert.Equal(RoutingRuleEngine.Backtracking, rule.Engine);
        Assert.Contains("backreference", rule.FallbackReason, StringComparison.Ordinal);
        Assert.Equal("abc", set.Match("abc-ABC").Destination);
        Assert.False(set.Match("abc-abd").IsMatch);
    }

    [Theory]
    [InlineData(@"(?=meet\.)\w+\.\w+", "lookahead")]
    [InlineData(@"\w+(?<!-)", "lookbehind")]
    [InlineData(@"(?>a+)b", "atomic")]
    [InlineData(@"(?(a)ab|b)", "conditional")]
    public void Constructs_the_linear_engine_lacks_fall_back(string pattern, string construct)
    {
        RoutingRuleSet set = Set(Rule("r", pattern));

        CompiledRoutingRule rule = Assert.Single(set.Rules);
        Assert.Equal(RoutingRuleEngine.Backtracking, rule.Engine);
        Assert.Contains(construct, rule.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeout_counts_as_no_match_and_is_reported()
    {
        RoutingRuleSet set = Set(
            new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(1) },
            Rule("catastrophic", CatastrophicPattern));

        RoutingMatch result = set.Match(HostileAlias(40));

        Assert.Equal(RoutingOutcome.NoMatch, result.Outcome);
        Assert.Null(result.Rule);
        Assert.Equal("catastrophic", Assert.Single(result.TimedOutRules).Name);
        Assert.Equal(1, set.Timeouts);
    }

    [Fact]
    public void Timeout_in_one_rule_lets_a_later_rule_win()
    {
        RoutingRuleSet set = Set(
            new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(1) },
            Rule("catastrophic", CatastrophicPattern, priority: 1),
            Rule("fallback", "a+", "queue", priority: 2));

        RoutingMatch result = set.Match(HostileAlias(40));

        Assert.Equal("fallback", result.Rule?.Name);
        Assert.Equal("queue", result.Destination);
        Assert.Equal("catastrophic", Assert.Single(result.TimedOutRules).Name);
        Assert.Equal(1, set.Timeouts);
    }

    [Fact]
    public void Timeouts_are_counted_across_threads()
    {
        RoutingRuleSet set = Set(
            new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(1) },
            Rule("catastrophic", CatastrophicPattern));

        RoutingOutcome[] outcomes = new RoutingOutcome[64];
        Parallel.For(0, outcomes.Length, i => outcomes[i] = set.Match(HostileAlias(40)).Outcome);

        Assert.All(outcomes, o => Assert.Equal(RoutingOutcome.NoMatch, o));
        Assert.Equal(outcomes.Length, set.Timeouts);
    }

    [Fact]
    public void Alias_over_the_cap_is_rejected_before_any_rule_runs()
    {
        // A rule that would time out on this alias proves no regex ran: nothing is counted.
        RoutingRuleSet set = Set(
            new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(1) },
            Rule("catastrophic", CatastrophicPattern),
            Rule("everything", ".*"));

        RoutingMatch result = set.Match(HostileAlias(257));

        Assert.Equal(RoutingOutcome.AliasTooLong, result.Outcome);
        Assert.False(result.IsMatch);
        Assert.Empty(result.TimedOutRules);
        Assert.Equal(0, set.Timeouts);
    }

    [Theory]
    [InlineData(256, RoutingOutcome.Matched)]
    [InlineData(257, RoutingOutcome.AliasTooLong)]
    public void Default_alias_cap_is_256(int length, RoutingOutcome expected)
    {
        RoutingRuleSet set = Set(Rule("everything", "b+"));

        Assert.Equal(expected, set.Match(new string('b', length)).Outcome);
    }

    [Fact]
    public void Configured_alias_cap_applies()
    {
        RoutingRuleSet set = Set(new RoutingRuleOptions { MaxAliasLength = 4 }, Rule("r", ".+"));

        Assert.Equal(RoutingOutcome.Matched, set.Match("abcd").Outcome);
        Assert.Equal(RoutingOutcome.AliasTooLong, set.Match("abcde").Outcome);
        Assert.Equal(4, set.MaxAliasLength);
    }

    [Fact]
    public void Rules_cannot_be_modified_through_the_list()
    {
        RoutingRuleSet set = Set(Rule("a", "x"), Rule("b", "y"));

        Assert.False(set.Rules is CompiledRoutingRule[]);
        Assert.True(((ICollection<CompiledRoutingRule>)set.Rules).IsReadOnly);
    }

    [Fact]
    public void Empty_set_matches_nothing()
    {
        RoutingRuleSet set = Set();

        Assert.Equal(RoutingOutcome.NoMatch, set.Match("meet.alice").Outcome);
        Assert.Empty(set.Rules);
    }

    [Fact]
    public void Null_alias_is_a_caller_error()
    {
        RoutingRuleSet set = Set(Rule("r", ".+"));

        Assert.Throws<ArgumentNullException>(() => set.Match(null!));
        Assert.Throws<ArgumentNullException>(() => set.Explain(null!));
    }

    [Fact]
    public void Options_are_copied_when_the_set_is_built()
    {
        var options = new RoutingRuleOptions { MaxAliasLength = 10, MatchTimeout = TimeSpan.FromMilliseconds(20) };
        RoutingRuleSet set = Set(options, Rule("r", ".+"));

        options.MaxAliasLength = 1;
        options.MatchTimeout = TimeSpan.FromMilliseconds(5);

        Assert.Equal(10, set.MaxAliasLength);
        Assert.Equal(TimeSpan.FromMilliseconds(20), set.MatchTimeout);
        Assert.True(set.Match("abc").IsMatch);
    }
}
