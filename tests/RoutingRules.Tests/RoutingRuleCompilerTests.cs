using static PresenceAgent.RoutingRules.Tests.TestRules;

namespace PresenceAgent.RoutingRules.Tests;

public sealed class RoutingRuleCompilerTests
{
    public static TheoryData<string?, string?, string?, RoutingRuleErrorCode, string> SingleRuleFaults => new()
    {
        // Name, Match, Replace, expected code and message
        {
            null, "x", null, RoutingRuleErrorCode.MissingName,
            "rule #0 has no Name; give every rule a unique Name"
        },
        {
            "  ", "x", null, RoutingRuleErrorCode.MissingName,
            "rule #0 has no Name; give every rule a unique Name"
        },
        {
            "uk-gateway", null, null, RoutingRuleErrorCode.MissingMatch,
            @"rule 'uk-gateway': Match is empty; write a regular expression for the whole alias, e.g. meet\..+"
        },
        {
            "uk-gateway", " ", null, RoutingRuleErrorCode.MissingMatch,
            @"rule 'uk-gateway': Match is empty; write a regular expression for the whole alias, e.g. meet\..+"
        },
        {
            "uk-gateway", @"44(\d+", null, RoutingRuleErrorCode.InvalidMatch,
            "rule 'uk-gateway': Match is not a valid regex: Not enough )'s at offset 6"
        },
        {
            "uk-gateway", "44[9-0]+", null, RoutingRuleErrorCode.InvalidMatch,
            "rule 'uk-gateway': Match is not a valid regex: [x-y] range in reverse order at offset 6"
        },
        {
            "uk-gateway", @"44\d**", null, RoutingRuleErrorCode.InvalidMatch,
            "rule 'uk-gateway': Match is not a valid regex: Nested quantifier '*' at offset 6"
        },
        {
            "unbalanced", "a)(b", null, RoutingRuleErrorCode.InvalidMatch,
            "rule 'unbalanced': Match is not a valid regex: Too many )'s at offset 2"
        },
        {
            "commented", "(?x) abc # trailing comment", null, RoutingRuleErrorCode.InvalidMatch,
            "rule 'commented': Match cannot be anchored to the whole alias: Not enough )'s; if it ends in a (?x) comment, end the comment with a newline"
        },
        {
            "meet", @"meet\.(.+)", @"\1@\3", RoutingRuleErrorCode.UndefinedGroup,
            @"rule 'meet': Replace refers to group \3 but Match has only 1 group; use \0 or \1, or add a group to Match"
        },
        {
            "split", @"(\d{3})(\d+)", @"\3", RoutingRuleErrorCode.UndefinedGroup,
            @"rule 'split': Replace refers to group \3 but Match has only 2 groups; use \0 to \2, or add a group to Match"
        },
        {
            "plain", @"meet\.alice", @"\1@gw", RoutingRuleErrorCode.UndefinedGroup,
            @"rule 'plain': Replace refers to group \1 but Match has no groups; use \0 for the whole alias or add a group to Match"
        },
        {
            "numbered", "(?<5>a)(b)", @"\3", RoutingRuleErrorCode.UndefinedGroup,
            @"rule 'numbered': Replace refers to group \3 but Match has no group 3; refer to a group Match defines"
        },
        {
            "blank", ".+", "", RoutingRuleErrorCode.EmptyReplace,
            "rule 'blank': Replace is empty; remove it to route to the alias unchanged"
        },
    };

    [Theory]
    [MemberData(nameof(SingleRuleFaults))]
    public void Rejects_each_fault_naming_the_rule(string? name, string? match, string? replace, RoutingRuleErrorCode code, string message)
    {
        RoutingRuleSetResult result = RoutingRuleSet.Create([new RoutingRule { Name = name, Match = match, Replace = replace }]);

        Assert.False(result.Succeeded);
        RoutingRuleError error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal(0, error.Position);
        Assert.Equal(string.IsNullOrWhiteSpace(name) ? null : name, error.RuleName);
    }

    [Fact]
    public void Rejects_a_null_rule()
    {
        Assert.Equal(["rule #1 is null; remove the empty entry"], Errors(Rule("a", "x"), null));
    }

    [Fact]
    public void Rejects_duplicate_names_ignoring_case_with_both_positions()
    {
        RoutingRuleSetResult result = RoutingRuleSet.Create(
            [Rule("a", "1"), Rule("x", "2"), Rule("b", "3"), Rule("c", "4"), Rule("X", "5"), Rule("x", "6")]);

        Assert.Equal(
            [
                "duplicate rule name 'X' (rules #1 and #4); rename one, names are compared ignoring case",
                "duplicate rule name 'x' (rules #1 and #5); rename one, names are compared ignoring case",
            ],
            result.Errors.Select(e => e.Message));
        Assert.All(result.Errors, e => Assert.Equal(RoutingRuleErrorCode.DuplicateName, e.Code));
        Assert.Equal([4, 5], result.Errors.Select(e => e.Position));
    }

    [Fact]
    public void Names_a_rule_without_a_name_by_its_position()
    {
        Assert.Equal(
            [
                "rule #1 has no Name; give every rule a unique Name",
                "rule #1: Match is not a valid regex: Unterminated [] set at offset 2",
            ],
            Errors(Rule("ok", "x"), new RoutingRule { Match = "[a" }));
    }

    [Fact]
    public void Reports_every_error_at_once_in_rule_order()
    {
        IReadOnlyList<string> errors = Errors(
            Rule("uk-gateway", @"44(\d+", @"\1"),
            new RoutingRule { Match = @"meet\..+" },
            Rule("meet", @"meet\.(.+)", @"\2"),
            Rule("uk-gateway", "", ""),
            null,
            Rule("fine", @"\d+", priority: 3),
            Rule("off", "(", enabled: false));

        Assert.Equal(
            [
                "rule 'uk-gateway': Match is not a valid regex: Not enough )'s at offset 6",
                "rule #1 has no Name; give every rule a unique Name",
                @"rule 'meet': Replace refers to group \2 but Match has only 1 group; use \0 or \1, or add a group to Match",
                "duplicate rule name 'uk-gateway' (rules #0 and #3); rename one, names are compared ignoring case",
                @"rule 'uk-gateway': Match is empty; write a regular expression for the whole alias, e.g. meet\..+",
                "rule 'uk-gateway': Replace is empty; remove it to route to the alias unchanged",
                "rule #4 is null; remove the empty entry",
                "rule 'off': Match is not a valid regex: Not enough )'s at offset 1",
            ],
            errors);
    }

    [Fact]
    public void Disabled_rules_are_validated_too()
    {
        RoutingRuleError error = Assert.Single(RoutingRuleSet.Create([Rule("later", "a(", enabled: false)]).Errors);

        Assert.Equal(RoutingRuleErrorCode.InvalidMatch, error.Code);
    }

    [Fact]
    public void A_newline_ends_a_trailing_x_mode_comment()
    {
        RoutingRuleSet set = Set(Rule("commented", "(?x) abc # trailing comment\n"));

        Assert.True(set.Match("abc").IsMatch);
    }

    [Fact]
    public void CreateOrThrow_throws_one_exception_listing_every_error()
    {
        RoutingRule?[] rules = [Rule("a", "("), new RoutingRule { Match = "x" }];

        RoutingRulesException exception = Assert.Throws<RoutingRulesException>(() => RoutingRuleSet.CreateOrThrow(rules));

        Assert.Equal(2, exception.Errors.Count);
        Assert.Equal(
            string.Join(
                Environment.NewLine + "  ",
                "2 routing rule errors:",
                "rule 'a': Match is not a valid regex: Not enough )'s at offset 1",
                "rule #1 has no Name; give every rule a unique Name"),
            exception.Message);
    }

    [Fact]
    public void Succeeds_with_no_errors()
    {
        RoutingRuleSetResult result = RoutingRuleSet.Create([Rule("a", "x")]);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Errors);
        Assert.Equal("a", Assert.Single(result.RuleSet.Rules).Name);
    }

    [Fact]
    public void Null_rule_list_is_a_caller_error()
    {
        Assert.Throws<ArgumentNullException>(() => RoutingRuleSet.Create(null!));
    }
}
