using System.Text.RegularExpressions;

namespace PresenceAgent.RoutingRules;

/// <summary>The regex built for one rule's <see cref="RoutingRule.Match"/>, or why none could be built.</summary>
/// <param name="Regex">The anchored regex; null when <paramref name="Fault"/> is set.</param>
/// <param name="Engine">The engine that runs <paramref name="Regex"/>.</param>
/// <param name="FallbackReason">The construct that kept the pattern off the linear-time engine.</param>
/// <param name="Fault">What is wrong with the pattern, phrased to follow "rule 'x': ".</param>
internal readonly record struct RuleRegex(Regex? Regex, RoutingRuleEngine Engine, string? FallbackReason, string? Fault);
