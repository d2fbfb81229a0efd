namespace PresenceAgent.RoutingRules;

/// <summary>A finding from <see cref="RoutingRuleSet.Lint"/> about a valid rule; it never stops the rule from being used.</summary>
public sealed record RoutingRuleWarning
{
    internal RoutingRuleWarning(RoutingRuleWarningCode code, RoutingRuleWarningSeverity severity, CompiledRoutingRule rule, string message)
    {
        Code = code;
        Severity = severity;
        RuleName = rule.Name;
        Position = rule.Position;
        Message = message;
    }

    /// <summary>The kind of finding.</summary>
    public RoutingRuleWarningCode Code { get; }

    /// <summary>How much it matters.</summary>
    public RoutingRuleWarningSeverity Severity { get; }

    /// <summary>The rule the finding is about.</summary>
    public string RuleName { get; }

    /// <summary>The rule's zero-based position in configuration.</summary>
    public int Position { get; }

    /// <summary>A sentence for administrators naming the rule and what to do.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => Message;
}
