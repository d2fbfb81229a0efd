namespace PresenceAgent.RoutingRules;

/// <summary>What <see cref="RoutingRuleSet.Lint"/> found questionable about a rule.</summary>
public enum RoutingRuleWarningCode
{
    /// <summary>An earlier enabled rule matches every alias this rule matches, so this rule never wins.</summary>
    Shadowed,

    /// <summary>The pattern matches every alias (<c>.*</c>, <c>.+</c>), so a mistyped alias routes and looks available.</summary>
    MatchesEverything,

    /// <summary>The pattern matches the empty alias.</summary>
    MatchesEmptyAlias,

    /// <summary>The pattern needs the backtracking engine and so runs under a timeout.</summary>
    BacktrackingFallback,

    /// <summary>A leading <c>^</c> or trailing <c>$</c> repeats the anchoring every rule gets anyway.</summary>
    RedundantAnchor,
}
