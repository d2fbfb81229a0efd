namespace PresenceAgent.RoutingRules;

/// <summary>Finds valid rules that are probably not what the admin meant.</summary>
/// <remarks>
/// Findings are warnings, not errors: each may be deliberate (a catch-all gateway, a rule kept for later),
/// and refusing to start over one would be worse than routing with it.
/// </remarks>
internal static class RoutingRuleLinter
{
    public static IReadOnlyList<RoutingRuleWarning> Lint(IReadOnlyList<CompiledRoutingRule> rules, TimeSpan matchTimeout)
    {
        // Worked out once per rule: shadowing compares each rule with every earlier one.
        RuleFacts[] facts = rules.Select(r => new RuleFacts(r)).ToArray();
        var warnings = new List<RoutingRuleWarning>();
        for (int i = 0; i < facts.Length; i++)
        {
            RuleFacts rule = facts[i];
            CheckShadowed(facts, i, warnings);

            if (rule.MatchesEverything)
            {
                warnings.Add(Warn(RoutingRuleWarningCode.MatchesEverything, rule.Rule, $"rule '{rule.Rule.Name}' matches every alias ('{rule.Pattern}'), so any mistyped alias is routed through it and looks available; narrow Match to the aliases this rule serves"));
            }
            else if (rule.MatchesEmpty)
            {
                // Not repeated for a match-everything pattern, which already says as much.
                warnings.Add(Warn(RoutingRuleWarningCode.MatchesEmptyAlias, rule.Rule, $"rule '{rule.Rule.Name}' matches the empty alias; require at least one character (e.g. + rather than *)"));
            }

            if (rule.Rule.Engine == RoutingRuleEngine.Backtracking)
            {
                warnings.Add(Warn(RoutingRuleWarningCode.BacktrackingFallback, rule.Rule, $"rule '{rule.Rule.Name}' needs the backtracking regex engine ({rule.Rule.FallbackReason}), so each alias may cost it up to {matchTimeout.TotalMilliseconds} ms and running out of time counts as no match; rewrite it without backreferences, lookarounds, atomic groups or conditionals if you can"));
            }

            CheckAnchors(rule, warnings);
        }

        return warnings;
    }

    private static void CheckShadowed(RuleFacts[] facts, int index, List<RoutingRuleWarning> warnings)
    {
        RuleFacts later = facts[index];
        for (int i = 0; i < index; i++)
        {
            RuleFacts earlier = facts[i];
            if (!earlier.Rule.Enabled)
            {
                continue;
            }

            // A case-sensitive rule does not cover a case-insensitive one with the same pattern.
            bool samePattern = string.Equals(earlier.ComparablePattern, later.ComparablePattern, StringComparison.Ordinal)
                && (earlier.Rule.Definition.IgnoreCase || !later.Rule.Definition.IgnoreCase);
            if (samePattern)
            {
                warnings.Add(Warn(RoutingRuleWarningCode.Shadowed, later.Rule, $"rule '{later.Rule.Name}' never wins: the earlier enabled rule '{earlier.Rule.Name}' has the same Match; remove one, or give the one you want a lower Priority"));
                return;
            }

            // '.+' covers everything except the empty alias, so it only shadows rules that need a character.
            if (earlier.MatchesEverything && (earlier.MatchesEmpty || !later.MatchesEmpty))
            {
                warnings.Add(Warn(RoutingRuleWarningCode.Shadowed, later.Rule, $"rule '{later.Rule.Name}' never wins: the earlier enabled rule '{earlier.Rule.Name}' matches every alias; give '{later.Rule.Name}' a lower Priority"));
                return;
            }
        }
    }

    private static void CheckAnchors(RuleFacts rule, List<RoutingRuleWarning> warnings)
    {
        bool caret = PatternShapes.HasLeadingCaret(rule.Pattern);
        bool dollar = PatternShapes.HasTrailingDollar(rule.Pattern);
        string? which = (caret, dollar) switch
        {
            (true, true) => "leading '^' and trailing '$' are",
            (true, false) => "leading '^' is",
            (false, true) => "trailing '$' is",
            _ => null,
        };
        if (which is not null)
        {
            warnings.Add(new RoutingRuleWarning(RoutingRuleWarningCode.RedundantAnchor, RoutingRuleWarningSeverity.Info, rule.Rule, $"rule '{rule.Rule.Name}': the {which} redundant, as every Match is anchored to the whole alias"));
        }
    }

    private static RoutingRuleWarning Warn(RoutingRuleWarningCode code, CompiledRoutingRule rule, string message) =>
        new(code, RoutingRuleWarningSeverity.Warning, rule, message);
}
