namespace PresenceAgent.RoutingRules;

/// <summary>How much a <see cref="RoutingRuleWarning"/> matters.</summary>
public enum RoutingRuleWarningSeverity
{
    /// <summary>Harmless; worth tidying.</summary>
    Info,

    /// <summary>Probably not what the admin meant, or costly at run time.</summary>
    Warning,
}
