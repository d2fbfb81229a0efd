namespace PresenceAgent.RoutingRules;

/// <summary>One reason a rule cannot be used, with a message that names the rule and, where possible, the fix.</summary>
public sealed record RoutingRuleError
{
    internal RoutingRuleError(RoutingRuleErrorCode code, int position, string? ruleName, string message)
    {
        Code = code;
        Position = position;
        RuleName = ruleName;
        Message = message;
    }

    /// <summary>The kind of fault.</summary>
    public RoutingRuleErrorCode Code { get; }

    /// <summary>The rule's zero-based position in the sequence given to <see cref="RoutingRuleSet.Create"/>, which is its index in the configuration array.</summary>
    public int Position { get; }

    /// <summary>The rule's name, or <see langword="null"/> when it has none.</summary>
    public string? RuleName { get; }

    /// <summary>
    /// The <see cref="RoutingRule"/> property at fault (<c>Name</c>, <c>Match</c> or <c>Replace</c>), or null when the
    /// whole rule is: with <see cref="Position"/>, a host names the exact configuration key.
    /// </summary>
    public string? Property => Code switch
    {
        RoutingRuleErrorCode.MissingName or RoutingRuleErrorCode.DuplicateName => nameof(RoutingRule.Name),
        RoutingRuleErrorCode.MissingMatch or RoutingRuleErrorCode.InvalidMatch => nameof(RoutingRule.Match),
        RoutingRuleErrorCode.UndefinedGroup or RoutingRuleErrorCode.EmptyReplace => nameof(RoutingRule.Replace),
        _ => null,
    };

    /// <summary>A sentence for administrators, e.g. <c>rule 'uk-gateway': Match is empty; …</c>.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => Message;
}
