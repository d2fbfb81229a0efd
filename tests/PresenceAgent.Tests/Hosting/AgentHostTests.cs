using PresenceAgent.Configuration;
using PresenceAgent.Tests.Configuration;

namespace PresenceAgent.Tests.Hosting;

public sealed class AgentHostTests
{
    [Fact]
    public void Reports_every_fault_in_one_exception()
    {
        var ex = Assert.Throws<ConfigurationErrorsException>(() => TestConfiguration.Load(
            TestConfiguration.Build(
                "Sip:Domains:0=vc example.com",
                "Services:1:Aliases:0=meet.alice",
                "Services:0:Homepage=mailto:alice@example.com",
                "Subscriptions:MinExpires=0",
                "Http:PublicBaseUrl=presence.example.com",
                @"RoutingRules:Rules:0:Replace=\2@pstn.example.com")));

        string[] keys = ["Sip:Domains:0: ", "Services:1:Aliases:0: ", "Services:0:Homepage: ",
            "Subscriptions:MinExpires: ", "Http:PublicBaseUrl: ", "RoutingRules:Rules:0:Replace: rule 'pstn-gateway'"];
        Assert.Equal(keys.Length, ex.Errors.Count);
        Assert.All(keys, k => Assert.Contains(ex.Errors, e => e.StartsWith(k, StringComparison.Ordinal)));
        Assert.All(ex.Errors, e => Assert.Contains("  - " + e, ex.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_typed_value_is_reported_with_the_other_faults()
    {
        var ex = Assert.Throws<ConfigurationErrorsException>(() => TestConfiguration.Load(
            TestConfiguration.Build("Sip:Listeners:0:Port=abc", "Http:Urls=ftp://127.0.0.1")));

        Assert.Contains(ex.Errors, e => e.Contains("'Sip:Listeners:0:Port'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Http:Urls: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_serilog_section_that_builds_no_logger_is_a_configuration_fault()
    {
        var error = Assert.Single(TestConfiguration.Errors("Serilog:WriteTo:0:Name=NoSuchSink", "Serilog:MinimumLevel=Loud"));

        Assert.StartsWith("Serilog: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_configuration_yields_the_compiled_rules()
    {
        var (_, rules, _, _) = TestConfiguration.Load(TestConfiguration.Build());

        var match = rules.Match("+441234567890@vc.example.com");
        Assert.True(match.IsMatch);
        Assert.Equal("441234567890@pstn.example.com", match.Destination);
    }
}
