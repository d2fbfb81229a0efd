using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.RoutingRules;

/// <summary>What one rule made of one alias.</summary>
internal readonly struct RuleEvaluation
{
    public static readonly RuleEvaluation NoMatch;

    public static readonly RuleEvaluation TimedOutNoMatch = new(timedOut: true, destination: null);

    private RuleEvaluation(bool timedOut, string? destination)
    {
        TimedOut = timedOut;
        Destination = destination;
    }

    [MemberNotNullWhen(true, nameof(Destination))]
    public bool Matched => Destination is not null;

    /// <summary>The rule ran out of <see cref="RoutingRuleOptions.MatchTimeout"/>; it counts as no match.</summary>
    public bool TimedOut { get; }

    public string? Destination { get; }

    public static RuleEvaluation Match(string destination) => new(timedOut: false, destination);
}
