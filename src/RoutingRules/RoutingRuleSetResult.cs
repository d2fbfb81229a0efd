using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.RoutingRules;

/// <summary>The outcome of <see cref="RoutingRuleSet.Create"/>: a usable set, or every error that prevented one.</summary>
public sealed class RoutingRuleSetResult
{
    private RoutingRuleSetResult(RoutingRuleSet? ruleSet, IReadOnlyList<RoutingRuleError> errors)
    {
        RuleSet = ruleSet;
        Errors = errors;
    }

    /// <summary>Whether the rules were valid; when <see langword="true"/>, <see cref="RuleSet"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(RuleSet))]
    public bool Succeeded => RuleSet is not null;

    /// <summary>The compiled set, or <see langword="null"/> when there were errors.</summary>
    public RoutingRuleSet? RuleSet { get; }

    /// <summary>Every error found, in rule order; empty on success.</summary>
    public IReadOnlyList<RoutingRuleError> Errors { get; }

    internal static RoutingRuleSetResult Success(RoutingRuleSet ruleSet) => new(ruleSet, []);

    internal static RoutingRuleSetResult Failure(IReadOnlyList<RoutingRuleError> errors) => new(null, errors);
}
