namespace PresenceAgent.RoutingRules;

/// <summary>What the linter needs to know about one rule, worked out once.</summary>
internal sealed class RuleFacts
{
    public RuleFacts(CompiledRoutingRule rule)
    {
        Rule = rule;
        Pattern = rule.Definition.Match!;
        ComparablePattern = PatternShapes.WithoutRedundantAnchors(Pattern);
        MatchesEverything = PatternShapes.AnyCharacterRepeated().IsMatch(Pattern);

        // Asking the compiled rule, not the pattern text, catches every way of matching nothing: a*, (x)?, a|.
        MatchesEmpty = rule.Evaluate(string.Empty).Matched;
    }

    public CompiledRoutingRule Rule { get; }

    public string Pattern { get; }

    /// <summary>The pattern without redundant anchors, so <c>^a$</c> and <c>a</c> compare equal.</summary>
    public string ComparablePattern { get; }

    public bool MatchesEverything { get; }

    public bool MatchesEmpty { get; }
}
