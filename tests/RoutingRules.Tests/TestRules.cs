namespace PresenceAgent.RoutingRules.Tests;

/// <summary>Short-hand for the rules and sets the tests build.</summary>
internal static class TestRules
{
    public static RoutingRule Rule(string name, string match, string? replace = null, int priority = 0, bool enabled = true, bool ignoreCase = true) =>
        new() { Name = name, Match = match, Replace = replace, Priority = priority, Enabled = enabled, IgnoreCase = ignoreCase };

    public static RoutingRuleSet Set(params RoutingRule[] rules) => RoutingRuleSet.CreateOrThrow(rules);

    public static RoutingRuleSet Set(RoutingRuleOptions options, params RoutingRule[] rules) => RoutingRuleSet.CreateOrThrow(rules, options);

    public static IReadOnlyList<string> Errors(params RoutingRule?[] rules)
    {
        RoutingRuleSetResult result = RoutingRuleSet.Create(rules);
        Assert.False(result.Succeeded);
        Assert.Null(result.RuleSet);
        return [.. result.Errors.Select(e => e.Message)];
    }

    /// <summary>Nested quantifiers plus a backreference: the backtracking engine is exponential on a run of 'a's with no 'b'.</summary>
    public const string CatastrophicPattern = @"(a+)+\1b";

    public static string HostileAlias(int length) => new('a', length);
}
