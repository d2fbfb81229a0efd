using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PresenceAgent.Hosting;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// The real agent, built by the same code as the command line, on ephemeral loopback ports: SIP over UDP and TCP
/// (IPv4 and IPv6) and HTTP. Configuration is the embedded defaults plus test services and rules.
/// </summary>
internal sealed class AgentUnderTest : IAsyncDisposable
{
    public const string Domain = "vc.test";

    /// <summary>The agent's FQDN in the TLS variant: its certificate's name, Via sent-by and Contact host.</summary>
    public const string TlsName = "pa.test";

    private AgentUnderTest(WebApplication app, CapturedLogs logs, IReadOnlyDictionary<string, string?> settings)
    {
        App = app;
        Logs = logs;
        Settings = settings;
    }

    public WebApplication App { get; }

    /// <summary>The settings the agent runs on over its embedded defaults: as command-line switches, the same agent.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public CapturedLogs Logs { get; }

    public static async Task<AgentUnderTest> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var agent = Create(extra);
        await agent.App.StartAsync();
        return agent;
    }

    /// <summary>
    /// The agent reading and watching <c>appsettings.json</c> in <paramref name="folder"/> for its services, lists and
    /// rules (the test's own are left out): the listeners, domains and logging are the test's as for any other.
    /// </summary>
    public static async Task<AgentUnderTest> StartWithFileAsync(string folder, IDictionary<string, string?>? extra = null)
    {
        var agent = Create(extra, configurationFolder: folder);
        await agent.App.StartAsync();
        return agent;
    }

    /// <summary>
    /// The agent built but not started; <paramref name="customize"/> has the last word on the builder. With
    /// <paramref name="configurationFolder"/>, <c>appsettings.json</c> is read there and the dial plan is the file's.
    /// </summary>
    public static AgentUnderTest Create(IDictionary<string, string?>? extra = null, Action<WebApplicationBuilder>? customize = null,
        string? configurationFolder = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sip:Listeners:0:Protocol"] = "Udp",
            ["Sip:Listeners:0:Address"] = "127.0.0.1",
            ["Sip:Listeners:0:Port"] = "0",
            ["Sip:Listeners:1:Protocol"] = "Tcp",
            ["Sip:Listeners:1:Address"] = "127.0.0.1",
            ["Sip:Listeners:1:Port"] = "0",
            ["Sip:Listeners:2:Protocol"] = "Udp",
            ["Sip:Listeners:2:Address"] = "::1",
            ["Sip:Listeners:2:Port"] = "0",
            ["Sip:Listeners:3:Protocol"] = "Tcp",
            ["Sip:Listeners:3:Address"] = "::1",
            ["Sip:Listeners:3:Port"] = "0",
            ["Sip:Domains:0"] = Domain,
            ["Sip:Domains:1"] = "vc.example.com",
            ["Sip:Domains:2"] = "people." + Domain,
            ["Http:Urls"] = "http://127.0.0.1:0",
            ["Themes:Folder"] = RepoPaths.Themes,
            ["Serilog:MinimumLevel:Default"] = "Fatal",
            ["Services:0:Name"] = "Alice's <Room> & Co",
            ["Services:0:Kind"] = "Vmr",
            ["Services:0:Description"] = "Weekly project room — Zürich",
            ["Services:0:Aliases:0"] = "meet.alice",
            ["Services:0:Aliases:1"] = "meet.alice@vc.example.com",
            ["Services:0:Theme"] = "boardroom",
            ["Services:0:Homepage"] = "https://vc.test/webapp/meet.alice",
            ["Services:1:Name"] = "Town Hall",
            ["Services:1:Kind"] = "Auditorium",
            ["Services:1:Description"] = "All hands",
            ["Services:1:Aliases:0"] = "townhall@" + Domain,
            ["Services:2:Name"] = "Room 1",
            ["Services:2:Aliases:0"] = "room1",

            // Replaces the embedded example list item for item (arrays merge by index): as many members as it has.
            ["Lists:0:Name"] = "Conference rooms",
            ["Lists:0:Aliases:0"] = "rooms@" + Domain,
            ["Lists:0:Members:0"] = "meet.alice",
            ["Lists:0:Members:1"] = "townhall@" + Domain,
            ["Lists:0:Members:2"] = "+4420712345678@vc.example.com",
            ["RoutingRules:Rules:0:Name"] = "pstn-gateway",
            ["RoutingRules:Rules:0:Match"] = @"\+?([0-9]{6,15})@vc\.example\.com",
            ["RoutingRules:Rules:0:Replace"] = @"\1@pstn.example.com",
            ["RoutingRules:Rules:1:Name"] = "people",
            ["RoutingRules:Rules:1:Priority"] = "20",
            ["RoutingRules:Rules:1:Match"] = @"([a-z]+\.[a-z]+)@people\." + Domain.Replace(".", @"\.", StringComparison.Ordinal),
            ["RoutingRules:Rules:1:Replace"] = @"\1@teams.example.com",
            ["RoutingRules:Rules:2:Name"] = "greedy-but-services-win",
            ["RoutingRules:Rules:2:Priority"] = "30",
            ["RoutingRules:Rules:2:Match"] = @"meet\..*@" + Domain.Replace(".", @"\.", StringComparison.Ordinal),
        };
        // Every event reaches the captured logs through Serilog; the console (the test runner's output) gets warnings only.
        settings["Serilog:MinimumLevel:Default"] = "Debug";
        settings["Serilog:MinimumLevel:Override:Microsoft"] = "Information";
        settings["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = "Warning";
        if (configurationFolder is not null)
        {
            foreach (var key in settings.Keys.Where(k => k.StartsWith("Services:", StringComparison.Ordinal) ||
                k.StartsWith("Lists:", StringComparison.Ordinal) || k.StartsWith("RoutingRules:", StringComparison.Ordinal)).ToList())
            {
                settings.Remove(key);
            }
        }

        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var logs = new CapturedLogs();
        var app = AgentHost.Build([], settings, b =>
        {
            b.Logging.AddProvider(logs);
            customize?.Invoke(b);
        }, configurationFolder);
        return new AgentUnderTest(app, logs, settings);
    }

    /// <summary>
    /// The agent with a TLS listener on 127.0.0.1 as well, presenting <paramref name="certificatePfx"/> (which should
    /// name <see cref="TlsName"/>), with <see cref="TlsName"/> as Sip:Host and the test CA of <paramref name="pki"/> as
    /// trust store; <paramref name="extra"/> adds mutual TLS settings, hosts and the like.
    /// </summary>
    public static Task<AgentUnderTest> StartWithTlsAsync(TestPki pki, string certificatePfx, string password, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sip:Listeners:4:Protocol"] = "Tls",
            ["Sip:Listeners:4:Address"] = "127.0.0.1",
            ["Sip:Listeners:4:Port"] = "0",
            ["Sip:Host"] = TlsName,
            ["Sip:Tls:CertificatePath"] = certificatePfx,
            ["Sip:Tls:Password"] = password,
            ["Sip:Tls:TrustStorePath"] = pki.TrustStorePath,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        return StartAsync(settings);
    }

    public SipStack Stack => App.Services.GetRequiredService<SipStack>();

    public IPEndPoint TlsEndPoint => Stack.LocalEndPoints.First(e => e.Protocol == TransportProtocol.Tls).EndPoint;

    public IPEndPoint SipEndPoint(bool tcp, bool ipv6 = false)
    {
        var protocol = tcp ? TransportProtocol.Tcp : TransportProtocol.Udp;
        return Stack.LocalEndPoints.First(e => e.Protocol == protocol &&
            (e.EndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == ipv6).EndPoint;
    }

    public Uri HttpBase => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    /// <summary>A peer on the agent's loopback address, or on <paramref name="local"/>: a source of the test's own.</summary>
    public Task<SipTestPeer> PeerAsync(bool tcp, bool ipv6 = false, IPAddress? local = null) => SipTestPeer.ConnectAsync(SipEndPoint(tcp, ipv6), tcp, local);

    /// <summary>Fails when the agent logged an Error: that is always our own fault, never the peer's.</summary>
    public void AssertNoErrors() => Assert.Empty(Logs.Errors);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
