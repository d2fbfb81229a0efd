namespace PresenceAgent.RoutingRules;

/// <summary>Thrown by <see cref="RoutingRuleSet.CreateOrThrow"/> when any rule is invalid; carries every error, not just the first.</summary>
public sealed class RoutingRulesException : Exception
{
    /// <summary>Creates the exception for the given errors.</summary>
    public RoutingRulesException(IReadOnlyList<RoutingRuleError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error found, in rule order.</summary>
    public IReadOnlyList<RoutingRuleError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<RoutingRuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);

        // One line per error so a startup log shows all of them without the admin re-running.
        string header = errors.Count == 1 ? "1 routing rule error:" : $"{errors.Count} routing rule errors:";
        return string.Join(Environment.NewLine + "  ", errors.Select(e => e.Message).Prepend(header));
    }
}
