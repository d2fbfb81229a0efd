using System.Diagnostics.Metrics;

namespace PresenceAgent.RoutingRules;

/// <summary>
/// The rules' instruments: matches per rule, aliases no rule matched, timeouts per rule. Observable: they read the
/// counts the set keeps (an atomic add per lookup) when a scrape asks, from whichever set is current.
/// </summary>
public static class RoutingRuleMetrics
{
    /// <summary>The meter's name: exported as the prefix <c>presenceagent_routingrules_</c>.</summary>
    public const string MeterName = "PresenceAgent.RoutingRules";

    /// <summary>
    /// Creates the instruments on a meter from <paramref name="factory"/>; <paramref name="current"/> gives the set in
    /// force at each reading. A new set starts its counts at zero, which Prometheus reads as a counter reset.
    /// </summary>
    public static void Publish(IMeterFactory factory, Func<RoutingRuleSet> current)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(current);
        var meter = factory.Create(new MeterOptions(MeterName));
        meter.CreateObservableCounter("matches.total", () => PerRule(current(), static r => r.Matches), "{alias}",
            "Aliases each enabled rule matched (the first matching rule wins), from SUBSCRIBEs and API lookups.");
        meter.CreateObservableCounter("misses.total", () => current().Misses, "{alias}",
            "Aliases that no rule matched (a mistyped contact gets 404).");
        meter.CreateObservableCounter("timeouts.total", () => PerRule(current(), static r => r.Timeouts), "{evaluation}",
            "Times a rule ran out of RoutingRules:MatchTimeout on an alias and counted as no match (backtracking rules only).");
    }

    // Every enabled rule is exported from the start, at 0, so the first match or timeout shows in increase().
    private static IEnumerable<Measurement<long>> PerRule(RoutingRuleSet rules, Func<CompiledRoutingRule, long> count) =>
        rules.Rules.Where(static r => r.Enabled).Select(r => new Measurement<long>(count(r), new KeyValuePair<string, object?>("rule", r.Name)));
}
