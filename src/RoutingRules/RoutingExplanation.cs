namespace PresenceAgent.RoutingRules;

/// <summary>Every rule's verdict on one alias, for administrators checking what their rules match.</summary>
public sealed class RoutingExplanation
{
    internal RoutingExplanation(string alias, RoutingOutcome outcome, RoutingRuleTrace? winner, IReadOnlyList<RoutingRuleTrace> rules)
    {
        Alias = alias;
        Outcome = outcome;
        Winner = winner;
        Rules = rules;
    }

    /// <summary>The alias explained.</summary>
    public string Alias { get; }

    /// <summary>The outcome <see cref="RoutingRuleSet.Match"/> would give.</summary>
    public RoutingOutcome Outcome { get; }

    /// <summary>The winning rule's trace, or <see langword="null"/> when no enabled rule matched.</summary>
    public RoutingRuleTrace? Winner { get; }

    /// <summary>
    /// One trace per rule, enabled or not, in evaluation order; empty when the outcome is
    /// <see cref="RoutingOutcome.AliasTooLong"/>, because then no rule runs.
    /// </summary>
    public IReadOnlyList<RoutingRuleTrace> Rules { get; }
}
