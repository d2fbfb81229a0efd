namespace PresenceAgent.RoutingRules;

/// <summary>What is wrong with a rule that <see cref="RoutingRuleSet.Create"/> rejected.</summary>
public enum RoutingRuleErrorCode
{
    /// <summary>The rule itself is <see langword="null"/>.</summary>
    NullRule,

    /// <summary><see cref="RoutingRule.Name"/> is missing or blank.</summary>
    MissingName,

    /// <summary>Another rule has the same <see cref="RoutingRule.Name"/>, ignoring case.</summary>
    DuplicateName,

    /// <summary><see cref="RoutingRule.Match"/> is missing or blank.</summary>
    MissingMatch,

    /// <summary><see cref="RoutingRule.Match"/> is not a valid .NET regular expression.</summary>
    InvalidMatch,

    /// <summary><see cref="RoutingRule.Replace"/> refers to a group that <see cref="RoutingRule.Match"/> does not define.</summary>
    UndefinedGroup,

    /// <summary><see cref="RoutingRule.Replace"/> is present but empty, which would route to an empty alias.</summary>
    EmptyReplace,
}
