using Microsoft.Extensions.Configuration;
using PresenceAgent.Configuration;
using PresenceAgent.Directory;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Configuration;

public sealed class AgentConfigurationTests
{
    private static IConfiguration RepositorySettings() =>
        new ConfigurationBuilder().AddJsonFile(RepositoryRoot.File("appsettings.json"), optional: false, reloadOnChange: false).Build();

    [Fact]
    public void Repository_appsettings_binds_and_validates()
    {
        var (config, rules, _, _) = TestConfiguration.Load(RepositorySettings());

        Assert.Equal(
            [new SipListenerOptions { Protocol = TransportProtocol.Udp, Address = "127.0.0.1", Port = 5060 },
             new SipListenerOptions { Protocol = TransportProtocol.Tcp, Address = "127.0.0.1", Port = 5060 }],
            config.Sip.Listeners);
        Assert.Equal(["vc.example.com", "127.0.0.1", "localhost"], config.Sip.Domains);
        Assert.Equal(["Alice's Meeting Room", "Town Hall", "Room 1"], config.Services.Select(s => s.Name));
        Assert.Equal([ServiceKind.Vmr, ServiceKind.Auditorium, ServiceKind.Vmr], config.Services.Select(s => s.Kind));
        Assert.Equal(["meet.alice", "meet.alice@vc.example.com"], config.Services[0].Aliases);
        Assert.Equal("boardroom", config.Services[0].Theme);
        Assert.Equal(["pstn-gateway", "teams-people"], rules.Rules.Select(r => r.Name));
        Assert.Equal((3600, 60, 3600), (config.Subscriptions.DefaultExpires, config.Subscriptions.MinExpires, config.Subscriptions.MaxExpires));
        Assert.Equal("http://127.0.0.1:8088", config.Http.Urls);
        Assert.Equal("themes", config.Themes.Folder);
    }

    [Fact]
    public void Embedded_defaults_are_the_repository_appsettings()
    {
        using var embedded = typeof(PresenceAgent.Hosting.AgentHost).Assembly.GetManifestResourceStream("PresenceAgent.appsettings.json");
        Assert.NotNull(embedded);
        using var copy = new MemoryStream();
        embedded.CopyTo(copy);

        Assert.Equal(File.ReadAllBytes(RepositoryRoot.File("appsettings.json")), copy.ToArray());
    }

    [Fact]
    public void Missing_sections_bind_to_defaults_without_errors()
    {
        var errors = new List<string>();

        var config = AgentConfiguration.Bind(new ConfigurationBuilder().Build(), errors);

        Assert.Empty(errors);
        Assert.Empty(config.Sip.Listeners);
        Assert.Empty(config.Services);
        Assert.Empty(config.Rules);
        Assert.Equal(3600, config.Subscriptions.DefaultExpires);
        Assert.Equal("http://127.0.0.1:8088", config.Http.Urls);
    }

    [Fact]
    public void A_wrong_typed_value_in_a_section_is_an_error_and_the_other_sections_still_bind()
    {
        var errors = new List<string>();

        var config = AgentConfiguration.Bind(TestConfiguration.Build("Subscriptions:MaxExpires=1h"), errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("Subscriptions: ", error, StringComparison.Ordinal);
        Assert.Contains("'Subscriptions:MaxExpires'", error, StringComparison.Ordinal);
        Assert.Equal(3600, config.Subscriptions.MaxExpires); // the section falls back to its defaults
        Assert.Equal(2, config.Services.Count);
        Assert.Equal(2, config.Sip.Listeners.Count);
    }

    [Theory]
    [InlineData("Sip:Listners:0:Port=1", "Sip:Listners")]
    [InlineData("Sip:Limits:IdleTimeot=00:01:00", "Sip:Limits:IdleTimeot")]
    [InlineData("Services:0:Alias:0=x", "Services:0:Alias")]
    [InlineData("Themes:Foldr=x", "Themes:Foldr")]
    [InlineData("RoutingRules:Rules:0:Regex=x", "RoutingRules:Rules:0:Regex")]
    public void A_misspelt_key_is_an_error_naming_it(string edit, string key)
    {
        var errors = new List<string>();

        AgentConfiguration.Bind(TestConfiguration.Build(edit), errors);

        var error = Assert.Single(errors);
        Assert.StartsWith(key + ": no such setting", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_typed_value_in_a_list_element_is_reported_by_the_elements_key()
    {
        var errors = new List<string>();

        var config = AgentConfiguration.Bind(TestConfiguration.Build("Sip:Listeners:0:Port=abc"), errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("Sip:Listeners:0: ", error, StringComparison.Ordinal);
        Assert.Contains("'Sip:Listeners:0:Port'", error, StringComparison.Ordinal);
        Assert.Equal([TransportProtocol.Tcp], config.Sip.Listeners.Select(l => l.Protocol));
    }
}
