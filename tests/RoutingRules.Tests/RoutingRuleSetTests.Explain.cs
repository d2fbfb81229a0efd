using static PresenceAgent.RoutingRules.Tests.TestRules;

namespace PresenceAgent.RoutingRules.Tests;

public sealed partial class RoutingRuleSetTests
{
    [Fact]
    public void Explain_reports_every_rule_in_order_and_the_winner()
    {
        RoutingRuleSet set = Set(
            Rule("numeric", @"\d+", priority: 5),
            Rule("disabled-meet", @"meet\.(.+)", @"old-\1", priority: 1, enabled: false),
            Rule("meet", @"meet\.(.+)", @"\1@vc", priority: 10),
            Rule("catch-all", ".+", "reception", priority: 100));

        RoutingExplanation explanation = set.Explain("meet.alice");

        Assert.Equal("meet.alice", explanation.Alias);
        Assert.Equal(RoutingOutcome.Matched, explanation.Outcome);
        Assert.Equal(
            [
                ("disabled-meet", false, true, "old-alice", false),
                ("numeric", true, false, null, false),
                ("meet", true, true, "alice@vc", true),
                ("catch-all", true, true, "reception", false),
            ],
            explanation.Rules.Select(t => (t.Rule.Name, t.Enabled, t.Matched, t.Destination, t.IsWinner)));
        Assert.Equal("meet", explanation.Winner?.Rule.Name);
    }

    [Fact]
    public void Explain_times_each_rule_on_the_alias()
    {
        RoutingRuleSet set = Set(
            new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(20) },
            Rule("catastrophic", CatastrophicPattern),
            Rule("as", "a+", priority: 1));

        RoutingExplanation explanation = set.Explain(HostileAlias(40));

        Assert.All(explanation.Rules, t => Assert.True(t.Elapsed >= TimeSpan.Zero));
        // The rule that ran out of time took about its timeout (the regex clock is coarser than ours): the costly one shows.
        Assert.True(explanation.Rules[0].TimedOut);
        Assert.True(explanation.Rules[0].Elapsed >= TimeSpan.FromMilliseconds(10), explanation.Rules[0].Elapsed.ToString());
    }

    [Fact]
    public void Explain_agrees_with_match()
    {
        RoutingRuleSet set = Set(
            Rule("a", "x(.)", @"\1", priority: 2),
            Rule("b", "x.", "b", priority: 1, enabled: false),
            Rule("c", "y.*"));

        foreach (string alias in new[] { "xa", "yq", "zz", "" })
        {
            RoutingMatch match = set.Match(alias);
            RoutingExplanation explanation = set.Explain(alias);

            Assert.Equal(match.Outcome, explanation.Outcome);
            Assert.Equal(match.Rule, explanation.Winner?.Rule);
            Assert.Equal(match.Destination, explanation.Winner?.Destination);
        }
    }

    [Fact]
    public void Explain_without_a_winner_still_lists_what_disabled_rules_would_do()
    {
        RoutingRuleSet set = Set(Rule("off", @"meet\..+", enabled: false));

        RoutingExplanation explanation = set.Explain("meet.bob");

        Assert.Equal(RoutingOutcome.NoMatch, explanation.Outcome);
        Assert.Null(explanation.Winner);
        RoutingRuleTrace trace = Assert.Single(explanation.Rules);
        Assert.True(trace.Matched);
        Assert.False(trace.Enabled);
        Assert.False(trace.IsWinner);
        Assert.Equal("meet.bob", trace.Destination);
    }

    [Fact]
    public void Explain_marks_a_timed_out_rule()
    {
        RoutingRuleSet set = Set(
            new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(1) },
            Rule("catastrophic", CatastrophicPattern),
            Rule("as", "a+", priority: 1));

        RoutingExplanation explanation = set.Explain(HostileAlias(40));

        RoutingRuleTrace timedOut = explanation.Rules[0];
        Assert.Equal("catastrophic", timedOut.Rule.Name);
        Assert.True(timedOut.TimedOut);
        Assert.False(timedOut.Matched);
        Assert.Null(timedOut.Destination);
        Assert.Equal("as", explanation.Winner?.Rule.Name);
        Assert.Equal(1, set.Timeouts);
    }

    [Fact]
    public void Explain_runs_no_rule_on_an_over_long_alias()
    {
        RoutingRuleSet set = Set(Rule("r", ".+"));

        RoutingExplanation explanation = set.Explain(HostileAlias(300));

        Assert.Equal(RoutingOutcome.AliasTooLong, explanation.Outcome);
        Assert.Empty(explanation.Rules);
        Assert.Null(explanation.Winner);
    }
}
