using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.RoutingRules;

/// <summary>The result of <see cref="RoutingRuleSet.Match"/>.</summary>
public sealed class RoutingMatch
{
    // Shared instances: the common no-match results allocate nothing.
    internal static readonly RoutingMatch NoMatch = new(RoutingOutcome.NoMatch, null, null, []);
    internal static readonly RoutingMatch AliasTooLong = new(RoutingOutcome.AliasTooLong, null, null, []);

    private RoutingMatch(RoutingOutcome outcome, CompiledRoutingRule? rule, string? destination, IReadOnlyList<CompiledRoutingRule> timedOutRules)
    {
        Outcome = outcome;
        Rule = rule;
        Destination = destination;
        TimedOutRules = timedOutRules;
    }

    /// <summary>How matching ended.</summary>
    public RoutingOutcome Outcome { get; }

    /// <summary>Whether a rule matched; when <see langword="true"/>, <see cref="Rule"/> and <see cref="Destination"/> are set.</summary>
    [MemberNotNullWhen(true, nameof(Rule), nameof(Destination))]
    public bool IsMatch => Outcome == RoutingOutcome.Matched;

    /// <summary>The rule that matched, or <see langword="null"/>.</summary>
    public CompiledRoutingRule? Rule { get; }

    /// <summary>The alias to route to (the rule's <see cref="RoutingRule.Replace"/> applied), or <see langword="null"/>.</summary>
    public string? Destination { get; }

    /// <summary>
    /// Rules tried before the outcome that ran out of <see cref="RoutingRuleOptions.MatchTimeout"/> and so were
    /// treated as not matching; usually empty. Worth logging: the alias may be hostile or the rule too costly.
    /// </summary>
    public IReadOnlyList<CompiledRoutingRule> TimedOutRules { get; }

    internal static RoutingMatch Matched(CompiledRoutingRule rule, string destination, IReadOnlyList<CompiledRoutingRule>? timedOutRules) =>
        new(RoutingOutcome.Matched, rule, destination, timedOutRules ?? []);

    internal static RoutingMatch NotMatched(IReadOnlyList<CompiledRoutingRule>? timedOutRules) =>
        timedOutRules is null ? NoMatch : new(RoutingOutcome.NoMatch, null, null, timedOutRules);
}
