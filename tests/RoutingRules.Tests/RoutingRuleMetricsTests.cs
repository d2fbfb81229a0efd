using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using static PresenceAgent.RoutingRules.Tests.TestRules;

namespace PresenceAgent.RoutingRules.Tests;

/// <summary>What a set counts per rule as it matches, and what its instruments report.</summary>
public sealed class RoutingRuleMetricsTests
{
    [Fact]
    public void Match_counts_the_winning_rule_the_misses_and_each_rules_timeouts_while_Explain_counts_only_timeouts()
    {
        RoutingRuleSet set = Set(
            // Long enough that "123" never times out on a loaded machine; the hostile alias backtracks for far longer.
            new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(100) },
            Rule("catastrophic", CatastrophicPattern, priority: 1),
            Rule("digits", "[0-9]+", priority: 2),
            Rule("letters", "[a-z]+", priority: 3));

        set.Match("123");
        set.Match("456");
        set.Match("!!");
        set.Match(HostileAlias(40));
        set.Match(new string('x', set.MaxAliasLength + 1));
        set.Explain("789");

        Assert.Equal(2, set.Rules.Single(r => r.Name == "digits").Matches);
        Assert.Equal(1, set.Rules.Single(r => r.Name == "letters").Matches);
        Assert.Equal(0, set.Rules.Single(r => r.Name == "catastrophic").Matches);
        Assert.Equal(1, set.Rules.Single(r => r.Name == "catastrophic").Timeouts);
        Assert.Equal(2, set.Misses);
    }

    [Fact]
    public void The_instruments_report_every_enabled_rule_by_name_from_the_current_set()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        RoutingRuleSet set = Set(Rule("digits", "[0-9]+"), Rule("off", "x+", enabled: false));
        RoutingRuleMetrics.Publish(meters, () => set);
        set.Match("42");
        set.Match("nope");

        var readings = new List<(string Instrument, long Value, string? Rule)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == RoutingRuleMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            readings.Add((instrument.Name, value, tags.Length == 0 ? null : (string?)tags[0].Value)));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(
            [("matches.total", 1L, "digits"), ("misses.total", 1L, null), ("timeouts.total", 0L, "digits")],
            readings.OrderBy(r => r.Instrument, StringComparer.Ordinal));
    }
}
