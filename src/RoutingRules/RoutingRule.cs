using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.RoutingRules;

/// <summary>
/// One gateway routing rule as an administrator writes it: which aliases it claims (<see cref="Match"/>)
/// and what alias to route them to (<see cref="Replace"/>).
/// </summary>
/// <remarks>
/// This is configuration, not a checked rule: any property may be missing or wrong, because the host binds
/// it from <c>RoutingRules:Rules</c> in appsettings.json. <see cref="RoutingRuleSet.Create"/> validates
/// and compiles rules and reports every fault by rule name.
/// </remarks>
public sealed record RoutingRule
{
    /// <summary>The rule's name; required and unique (ignoring case) within a set.</summary>
    public string? Name { get; init; }

    /// <summary>Evaluation order: lower runs first. Rules with equal priority keep their configured order.</summary>
    public int Priority { get; init; }

    /// <summary>A disabled rule is still validated, so its errors show before anyone enables it, but it never matches.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// A .NET regular expression that must match the whole alias: it is anchored at both ends, so
    /// <c>meet\..*</c> matches <c>meet.alice</c> but not <c>xmeet.alice</c>.
    /// </summary>
    [StringSyntax(StringSyntaxAttribute.Regex)]
    public string? Match { get; init; }

    /// <summary>Whether <see cref="Match"/> ignores case (invariant culture). Defaults to <see langword="true"/>.</summary>
    public bool IgnoreCase { get; init; } = true;

    /// <summary>
    /// The destination alias, Pexip style: <c>\0</c> is the whole alias, <c>\1</c> to <c>\9</c> are the
    /// groups of <see cref="Match"/> (empty when a group took no part in the match), <c>\\</c> is one
    /// backslash, and everything else is literal. When absent the destination is the alias itself.
    /// </summary>
    public string? Replace { get; init; }

    /// <summary>Free text for administrators; never interpreted.</summary>
    public string? Description { get; init; }
}
