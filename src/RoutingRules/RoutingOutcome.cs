namespace PresenceAgent.RoutingRules;

/// <summary>How matching an alias against a <see cref="RoutingRuleSet"/> ended.</summary>
public enum RoutingOutcome
{
    /// <summary>An enabled rule matched; the result names it and the destination.</summary>
    Matched,

    /// <summary>No enabled rule matched (a rule that timed out counts as not matching).</summary>
    NoMatch,

    /// <summary>The alias is longer than <see cref="RoutingRuleOptions.MaxAliasLength"/>; no rule was run.</summary>
    AliasTooLong,
}
