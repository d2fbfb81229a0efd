using System.Text.RegularExpressions;

namespace PresenceAgent.RoutingRules;

/// <summary>Validates configured rules and compiles them, collecting every error rather than stopping at the first.</summary>
/// <remarks>
/// Reporting all faults at once, each naming its rule and the fix, follows YARP's ConfigValidator: an admin
/// editing appsettings.json should not have to restart once per mistake.
/// </remarks>
internal static class RoutingRuleCompiler
{
    public static RoutingRuleSetResult Compile(IEnumerable<RoutingRule?> rules, RoutingRuleOptions options)
    {
        var errors = new List<RoutingRuleError>();
        var compiled = new List<CompiledRoutingRule>();
        var firstPositionByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        int position = 0;
        foreach (RoutingRule? rule in rules)
        {
            if (CompileOne(rule, position, options, firstPositionByName, errors) is { } compiledRule)
            {
                compiled.Add(compiledRule);
            }

            position++;
        }

        if (errors.Count > 0)
        {
            return RoutingRuleSetResult.Failure(errors);
        }

        // OrderBy is stable, so equal priorities keep their configured order.
        CompiledRoutingRule[] ordered = [.. compiled.OrderBy(r => r.Priority)];
        return RoutingRuleSetResult.Success(new RoutingRuleSet(ordered, options.MaxAliasLength, options.MatchTimeout));
    }

    private static CompiledRoutingRule? CompileOne(
        RoutingRule? rule,
        int position,
        RoutingRuleOptions options,
        Dictionary<string, int> firstPositionByName,
        List<RoutingRuleError> errors)
    {
        if (rule is null)
        {
            errors.Add(new(RoutingRuleErrorCode.NullRule, position, null, $"rule #{position} is null; remove the empty entry"));
            return null;
        }

        int errorsBefore = errors.Count;
        string? name = string.IsNullOrWhiteSpace(rule.Name) ? null : rule.Name;
        string label = name is null ? $"rule #{position}" : $"rule '{name}'";

        if (name is null)
        {
            errors.Add(new(RoutingRuleErrorCode.MissingName, position, null, $"rule #{position} has no Name; give every rule a unique Name"));
        }
        else if (!firstPositionByName.TryAdd(name, position))
        {
            errors.Add(new(
                RoutingRuleErrorCode.DuplicateName,
                position,
                name,
                $"duplicate rule name '{name}' (rules #{firstPositionByName[name]} and #{position}); rename one, names are compared ignoring case"));
        }

        RuleRegex regex = default;
        if (string.IsNullOrWhiteSpace(rule.Match))
        {
            errors.Add(new(RoutingRuleErrorCode.MissingMatch, position, name, $"{label}: Match is empty; write a regular expression for the whole alias, e.g. meet\\..+"));
        }
        else
        {
            regex = RuleRegexFactory.Build(rule.Match, rule.IgnoreCase, options.MatchTimeout);
            if (regex.Fault is not null)
            {
                errors.Add(new(RoutingRuleErrorCode.InvalidMatch, position, name, $"{label}: {regex.Fault}"));
            }
        }

        ReplacementTemplate? replacement = null;
        if (rule.Replace is not null)
        {
            if (string.IsNullOrWhiteSpace(rule.Replace))
            {
                errors.Add(new(RoutingRuleErrorCode.EmptyReplace, position, name, $"{label}: Replace is empty; remove it to route to the alias unchanged"));
            }
            else
            {
                replacement = ReplacementTemplate.Parse(rule.Replace);
                if (regex.Regex is not null)
                {
                    CheckGroups(replacement, regex.Regex, position, name, label, errors);
                }
            }
        }

        return errors.Count == errorsBefore ? new CompiledRoutingRule(rule, position, regex, replacement) : null;
    }

    private static void CheckGroups(
        ReplacementTemplate replacement,
        Regex regex,
        int position,
        string? name,
        string label,
        List<RoutingRuleError> errors)
    {
        int[] defined = regex.GetGroupNumbers();
        foreach (int group in replacement.ReferencedGroups)
        {
            if (Array.IndexOf(defined, group) < 0)
            {
                errors.Add(new(
                    RoutingRuleErrorCode.UndefinedGroup,
                    position,
                    name,
                    $"{label}: Replace refers to group \\{group} but {DescribeGroups(defined, group)}"));
            }
        }
    }

    private static string DescribeGroups(int[] defined, int missing)
    {
        // Group 0 (the whole match) is always defined; the rest are numbered 1..n unless the pattern numbers
        // groups explicitly, as in (?<5>...), which can leave gaps.
        int count = defined.Length - 1;
        bool contiguous = defined.Max() == count;
        return (contiguous, count) switch
        {
            (false, _) => $"Match has no group {missing}; refer to a group Match defines",
            (_, 0) => "Match has no groups; use \\0 for the whole alias or add a group to Match",
            (_, 1) => "Match has only 1 group; use \\0 or \\1, or add a group to Match",
            _ => $"Match has only {count} groups; use \\0 to \\{count}, or add a group to Match",
        };
    }
}
