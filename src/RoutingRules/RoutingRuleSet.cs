using System.Collections.ObjectModel;
using System.Diagnostics;

namespace PresenceAgent.RoutingRules;

/// <summary>
/// A validated, compiled and ordered set of <see cref="RoutingRule"/>s. Immutable and safe to share between
/// threads; to change rules, build a new set and swap the reference.
/// </summary>
public sealed class RoutingRuleSet
{
    private readonly CompiledRoutingRule[] _rules;

    // The enabled rules alone, so the hot path skips disabled ones without a branch per rule.
    private readonly CompiledRoutingRule[] _enabledRules;

    private long _timeouts;
    private long _misses;

    internal RoutingRuleSet(CompiledRoutingRule[] rulesInOrder, int maxAliasLength, TimeSpan matchTimeout)
    {
        _rules = rulesInOrder;

        // Read-only wrapper: the array itself must not reach callers, who could cast and reorder it under other threads.
        Rules = new ReadOnlyCollection<CompiledRoutingRule>(rulesInOrder);
        _enabledRules = [.. rulesInOrder.Where(r => r.Enabled)];
        MaxAliasLength = maxAliasLength;
        MatchTimeout = matchTimeout;
    }

    /// <summary>Every rule, enabled or not, in evaluation order: by <see cref="RoutingRule.Priority"/>, then configured order.</summary>
    public IReadOnlyList<CompiledRoutingRule> Rules { get; }

    /// <summary>The <see cref="RoutingRuleOptions.MaxAliasLength"/> in force, fixed when the set was built.</summary>
    public int MaxAliasLength { get; }

    /// <summary>The <see cref="RoutingRuleOptions.MatchTimeout"/> in force, fixed when the set was built.</summary>
    public TimeSpan MatchTimeout { get; }

    /// <summary>How many times, in total, a rule in this set ran out of time on an alias (in <see cref="Match"/> or <see cref="Explain"/>) and was treated as not matching.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>How many aliases, in total, <see cref="Match"/> found no rule for (one too long included).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Validates and compiles <paramref name="rules"/>, reporting every error at once.
    /// </summary>
    /// <param name="rules">The rules in configured order; <see langword="null"/> entries are reported as errors.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults. Its values are copied, so later changes do not affect the set.</param>
    public static RoutingRuleSetResult Create(IEnumerable<RoutingRule?> rules, RoutingRuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return RoutingRuleCompiler.Compile(rules, options ?? new RoutingRuleOptions());
    }

    /// <summary>
    /// As <see cref="Create"/>, for host start-up: returns the set or throws one exception listing every error.
    /// </summary>
    /// <exception cref="RoutingRulesException">At least one rule is invalid.</exception>
    public static RoutingRuleSet CreateOrThrow(IEnumerable<RoutingRule?> rules, RoutingRuleOptions? options = null)
    {
        RoutingRuleSetResult result = Create(rules, options);
        return result.Succeeded ? result.RuleSet : throw new RoutingRulesException(result.Errors);
    }

    /// <summary>
    /// Finds the first enabled rule, in evaluation order, whose pattern matches the whole <paramref name="alias"/>.
    /// Never throws for anything in the alias: a rule that runs out of time counts as not matching and is
    /// listed in <see cref="RoutingMatch.TimedOutRules"/>.
    /// </summary>
    /// <param name="alias">The alias, typically a SIP user part, exactly as received.</param>
    public RoutingMatch Match(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);

        // Checked before any regex runs: the cap exists to bound the work a peer can cause.
        if (alias.Length > MaxAliasLength)
        {
            Interlocked.Increment(ref _misses);
            return RoutingMatch.AliasTooLong;
        }

        List<CompiledRoutingRule>? timedOut = null;
        foreach (CompiledRoutingRule rule in _enabledRules)
        {
            RuleEvaluation evaluation = rule.Evaluate(alias);
            if (evaluation.Matched)
            {
                rule.CountMatch();
                return RoutingMatch.Matched(rule, evaluation.Destination, timedOut);
            }

            if (evaluation.TimedOut)
            {
                Interlocked.Increment(ref _timeouts);
                rule.CountTimeout();
                (timedOut ??= []).Add(rule);
            }
        }

        Interlocked.Increment(ref _misses);
        return RoutingMatch.NotMatched(timedOut);
    }

    /// <summary>
    /// Runs every rule, disabled ones included, against <paramref name="alias"/> and reports what each makes of it
    /// and which one <see cref="Match"/> would pick. For admin tools; costs one match per rule.
    /// </summary>
    /// <param name="alias">The alias to explain.</param>
    public RoutingExplanation Explain(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        if (alias.Length > MaxAliasLength)
        {
            return new RoutingExplanation(alias, RoutingOutcome.AliasTooLong, null, []);
        }

        var traces = new RoutingRuleTrace[_rules.Length];
        RoutingRuleTrace? winner = null;
        for (int i = 0; i < _rules.Length; i++)
        {
            CompiledRoutingRule rule = _rules[i];
            long started = Stopwatch.GetTimestamp();
            RuleEvaluation evaluation = rule.Evaluate(alias);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            if (evaluation.TimedOut)
            {
                Interlocked.Increment(ref _timeouts);
                rule.CountTimeout();
            }

            bool isWinner = winner is null && rule.Enabled && evaluation.Matched;
            traces[i] = new RoutingRuleTrace(rule, evaluation.Matched, evaluation.TimedOut, evaluation.Destination, isWinner, elapsed);
            if (isWinner)
            {
                winner = traces[i];
            }
        }

        return new RoutingExplanation(alias, winner is null ? RoutingOutcome.NoMatch : RoutingOutcome.Matched, winner, traces);
    }

    /// <summary>
    /// Reports rules that are valid but probably not what the admin meant: shadowed rules, match-everything
    /// patterns, patterns that match the empty alias, patterns that need the backtracking engine, and
    /// redundant anchors. Warnings never stop a set from being used.
    /// </summary>
    public IReadOnlyList<RoutingRuleWarning> Lint() => RoutingRuleLinter.Lint(_rules, MatchTimeout);
}
