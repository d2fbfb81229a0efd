using PresenceAgent.Hosting;

namespace PresenceAgent.Tests.Hosting;

/// <summary>Exit codes of the admin verbs; they read the embedded defaults plus the command-line overrides given here.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Check_accepts_the_shipped_defaults() =>
        Assert.Equal(0, await CommandLine.RunAsync(["check"]));

    [Fact]
    public async Task Check_exits_2_on_configuration_errors() =>
        Assert.Equal(2, await CommandLine.RunAsync(["check", "--Subscriptions:MinExpires=0", "--Sip:Domains:0=bad domain"]));

    [Fact]
    public async Task Explain_exits_2_on_configuration_errors() =>
        Assert.Equal(2, await CommandLine.RunAsync(["explain", "meet.alice@vc.example.com", "--Http:Urls=ftp://x"]));

    [Theory]
    [InlineData("explain")]
    [InlineData("frobnicate")]
    public async Task Unknown_or_incomplete_verb_prints_usage(string verb) =>
        Assert.Equal(64, await CommandLine.RunAsync([verb]));
}
