namespace PresenceAgent.RoutingRules;

/// <summary>Which .NET regex engine runs a rule.</summary>
public enum RoutingRuleEngine
{
    /// <summary>The linear-time engine (<see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/>); safe on any input.</summary>
    NonBacktracking,

    /// <summary>
    /// The backtracking engine, used only because the pattern needs a construct the linear-time engine lacks;
    /// it runs under <see cref="RoutingRuleOptions.MatchTimeout"/>.
    /// </summary>
    Backtracking,
}
