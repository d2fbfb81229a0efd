using System.Text.RegularExpressions;

namespace PresenceAgent.RoutingRules;

/// <summary>A validated rule with its regex built, as held by a <see cref="RoutingRuleSet"/>.</summary>
public sealed class CompiledRoutingRule
{
    private readonly ReplacementTemplate? _replacement;

    // Captures cost extra work in both engines; only a Replace that uses groups needs them.
    private readonly bool _needsCaptures;

    private long _matches;
    private long _timeouts;

    internal CompiledRoutingRule(RoutingRule definition, int position, RuleRegex regex, ReplacementTemplate? replacement)
    {
        Definition = definition;
        Name = definition.Name!;
        Position = position;
        Regex = regex.Regex!;
        Engine = regex.Engine;
        FallbackReason = regex.FallbackReason;
        _replacement = replacement;
        _needsCaptures = replacement?.ReferencedGroups.Count > 0;
    }

    /// <summary>The rule as configured.</summary>
    public RoutingRule Definition { get; }

    /// <summary>The rule's unique name.</summary>
    public string Name { get; }

    /// <summary>The rule's zero-based position in the configured sequence.</summary>
    public int Position { get; }

    /// <summary>The rule's priority; lower runs first.</summary>
    public int Priority => Definition.Priority;

    /// <summary>Whether the rule takes part in <see cref="RoutingRuleSet.Match"/>.</summary>
    public bool Enabled => Definition.Enabled;

    /// <summary>The regex engine that runs this rule.</summary>
    public RoutingRuleEngine Engine { get; }

    /// <summary>
    /// For <see cref="RoutingRuleEngine.Backtracking"/>, the construct the linear-time engine rejected
    /// (as .NET names it, e.g. <c>backreference (\ number)</c>); otherwise <see langword="null"/>.
    /// </summary>
    public string? FallbackReason { get; }

    internal Regex Regex { get; }

    /// <summary>Aliases this rule was the one to match in <see cref="RoutingRuleSet.Match"/> (lookups, not explanations).</summary>
    public long Matches => Interlocked.Read(ref _matches);

    /// <summary>Times this rule ran out of time on an alias, in <see cref="RoutingRuleSet.Match"/> or <see cref="RoutingRuleSet.Explain"/>.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    internal void CountMatch() => Interlocked.Increment(ref _matches);

    internal void CountTimeout() => Interlocked.Increment(ref _timeouts);

    /// <summary>Matches the whole alias; never throws for a timeout, which it reports as no match.</summary>
    internal RuleEvaluation Evaluate(string alias)
    {
        try
        {
            if (!_needsCaptures)
            {
                return Regex.IsMatch(alias)
                    ? RuleEvaluation.Match(_replacement?.Constant ?? alias)
                    : RuleEvaluation.NoMatch;
            }

            Match match = Regex.Match(alias);
            return match.Success ? RuleEvaluation.Match(_replacement!.Apply(match)) : RuleEvaluation.NoMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            // Only backtracking rules have a timeout (or any rule, if the host sets a process-wide default).
            return RuleEvaluation.TimedOutNoMatch;
        }
    }
}
