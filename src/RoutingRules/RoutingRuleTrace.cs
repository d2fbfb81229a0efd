namespace PresenceAgent.RoutingRules;

/// <summary>What one rule made of an alias, as shown by <see cref="RoutingRuleSet.Explain"/>.</summary>
public sealed record RoutingRuleTrace
{
    internal RoutingRuleTrace(CompiledRoutingRule rule, bool matched, bool timedOut, string? destination, bool isWinner, TimeSpan elapsed)
    {
        Rule = rule;
        Matched = matched;
        TimedOut = timedOut;
        Destination = destination;
        IsWinner = isWinner;
        Elapsed = elapsed;
    }

    /// <summary>The rule.</summary>
    public CompiledRoutingRule Rule { get; }

    /// <summary>Whether the rule is enabled; a disabled rule is evaluated here but can never win.</summary>
    public bool Enabled => Rule.Enabled;

    /// <summary>Whether the rule's pattern matches the alias (for a disabled rule: would match).</summary>
    public bool Matched { get; }

    /// <summary>Whether the rule ran out of time; it then counts as not matching.</summary>
    public bool TimedOut { get; }

    /// <summary>The destination the rule produces or would produce, or <see langword="null"/> when it does not match.</summary>
    public string? Destination { get; }

    /// <summary>Whether this rule is the one <see cref="RoutingRuleSet.Match"/> picks: the first enabled rule that matches.</summary>
    public bool IsWinner { get; }

    /// <summary>
    /// How long the rule took on this alias, the replacement included: what a SUBSCRIBE pays for it. One run on a cold
    /// or busy machine, so a hint of which rule is costly (a backtracking one near its timeout), not a benchmark.
    /// </summary>
    public TimeSpan Elapsed { get; }
}
