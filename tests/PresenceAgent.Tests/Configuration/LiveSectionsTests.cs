using PresenceAgent.Configuration;

namespace PresenceAgent.Tests.Configuration;

/// <summary>Which changed keys a reload applies and which wait for a restart, named by key and never by value.</summary>
public sealed class LiveSectionsTests
{
    [Theory]
    [InlineData("Sip:Listeners:0:Port=5070", "Sip:Listeners:0:Port")]
    [InlineData("Sip:Tls:CertificatePath=/etc/presenceagent/new.pfx", "Sip:Tls:CertificatePath")]
    [InlineData("Http:Urls=http://127.0.0.1:9000", "Http:Urls")]
    [InlineData("Http:AdminToken=0123456789abcdef0123456789abcdef", "Http:AdminToken")]
    [InlineData("Themes:Folder=/srv/themes", "Themes:Folder")]
    [InlineData("Subscriptions:MaxExpires", "Subscriptions:MaxExpires")]
    [InlineData("Serilog:MinimumLevel:Default=Debug", "Serilog:MinimumLevel:Default")]
    public void A_key_read_only_at_start_needs_a_restart(string edit, string key)
    {
        var restart = LiveSections.RestartRequired(Values(), Values(edit));

        Assert.Equal([key], restart);
        Assert.True(LiveSections.LiveUnchanged(Values(), Values(edit)));
    }

    [Theory]
    [InlineData("Services:0:Name=Renamed")]
    [InlineData("Lists:0:Name=Rooms")]
    [InlineData("RoutingRules:Rules:0:Replace=x")]
    [InlineData("RoutingRules:MatchTimeout=00:00:00.1")]
    [InlineData("Presence:Languages:1")]
    [InlineData("Presence:GraceSeconds=30")]
    [InlineData("AccessLevels:Blocked:0=spam@example.org")]
    [InlineData("AccessLevels:Attributes:Notes=Team")]
    public void A_key_of_the_live_sections_applies_at_once(string edit)
    {
        Assert.Empty(LiveSections.RestartRequired(Values(), Values(edit)));
        Assert.False(LiveSections.LiveUnchanged(Values(), Values(edit)));
    }

    private static IReadOnlyDictionary<string, string> Values(params string[] edits) => LiveSections.Values(TestConfiguration.Build(edits));

    [Fact]
    public void Keys_come_in_order_each_once_whatever_their_case()
    {
        var started = Values();
        var now = Values("sip:listeners:1:port=5071", "Http:Urls=http://127.0.0.1:9000", "Sip:Host", "$schema=./appsettings.schema.json");

        Assert.Equal(["Http:Urls", "Sip:Host", "sip:listeners:1:port"], LiveSections.RestartRequired(started, now), StringComparer.OrdinalIgnoreCase);
    }
}
