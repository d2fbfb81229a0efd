using System.Text;
using Microsoft.Extensions.Configuration;

namespace PresenceAgent.RoutingRules.Tests;

public sealed class RoutingRuleTests
{
    private const string AppSettings = """
        {
          "RoutingRules": {
            "MatchTimeout": "00:00:00.020",
            "MaxAliasLength": 128,
            "Rules": [
              {
                "Name": "meet",
                "Priority": 10,
                "Match": "meet\\.(.+)",
                "Replace": "\\1@vc.example.com",
                "Description": "Virtual meeting rooms"
              },
              {
                "Name": "legacy",
                "Priority": 5,
                "Enabled": false,
                "Match": "MEET\\..+",
                "IgnoreCase": false
              },
              {
                "Match": "(unnamed"
              }
            ]
          }
        }
        """;

    private static IConfiguration Configuration() =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(AppSettings))).Build();

    [Fact]
    public void Binds_from_configuration_with_defaults_for_missing_keys()
    {
        List<RoutingRule>? rules = Configuration().GetSection("RoutingRules:Rules").Get<List<RoutingRule>>();

        Assert.Equal(
            [
                new RoutingRule { Name = "meet", Priority = 10, Match = @"meet\.(.+)", Replace = @"\1@vc.example.com", Description = "Virtual meeting rooms" },
                new RoutingRule { Name = "legacy", Priority = 5, Enabled = false, Match = @"MEET\..+", IgnoreCase = false },
                new RoutingRule { Match = "(unnamed" },
            ],
            rules);
    }

    [Fact]
    public void Options_bind_from_the_same_section()
    {
        RoutingRuleOptions? options = Configuration().GetSection("RoutingRules").Get<RoutingRuleOptions>();

        Assert.NotNull(options);
        Assert.Equal(TimeSpan.FromMilliseconds(20), options.MatchTimeout);
        Assert.Equal(128, options.MaxAliasLength);
    }

    [Fact]
    public void Bound_rules_report_their_faults_by_position()
    {
        List<RoutingRule> rules = Configuration().GetSection("RoutingRules:Rules").Get<List<RoutingRule>>()!;

        RoutingRuleSetResult result = RoutingRuleSet.Create(rules);

        Assert.Equal(
            [
                "rule #2 has no Name; give every rule a unique Name",
                "rule #2: Match is not a valid regex: Not enough )'s at offset 8",
            ],
            result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Bound_rules_route()
    {
        List<RoutingRule> rules = Configuration().GetSection("RoutingRules:Rules").Get<List<RoutingRule>>()!;
        rules.RemoveAt(2);

        RoutingRuleSet set = RoutingRuleSet.CreateOrThrow(rules);

        Assert.Equal("alice@vc.example.com", set.Match("MEET.alice").Destination);
    }
}
