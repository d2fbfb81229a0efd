using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// A level change saved to <c>appsettings.json</c> while watchers are subscribed: only the watcher whose document
/// changed gets a NOTIFY, with the document of its new level.
/// </summary>
public sealed class AccessLevelReloadTests : IAsyncLifetime
{
    private const string Board = "sip:board@" + AgentUnderTest.Domain;

    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("pa-levels-").FullName;
    private AgentUnderTest? _agent;

    private AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("not started");

    private string File => Path.Combine(_folder, "appsettings.json");

    public async Task InitializeAsync()
    {
        await System.IO.File.WriteAllTextAsync(File, Plan(blocked: ""));
        _agent = await AgentUnderTest.StartWithFileAsync(_folder);
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        System.IO.Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_level_change_notifies_only_the_watcher_whose_document_changed()
    {
        await using var ann = await WatchAsync("ann@elsewhere.example");
        await using var bob = await WatchAsync("bob@elsewhere.example");
        await using var colleague = await WatchAsync("cy@" + AgentUnderTest.Domain);

        await Agent.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<PresenceAgent.Configuration.ConfigurationWatcher>().Single().Watching;
        await System.IO.File.WriteAllTextAsync(File, Plan(blocked: "\"bob@elsewhere.example\""));

        var blocked = PidfBody.Parse(await bob.ReceiveStateNotifyAsync());
        Assert.Equal("closed", PidfBody.Basic(blocked));
        Assert.Null(PidfBody.DisplayName(blocked));
        Assert.True(await ann.IsSilentAsync(TimeSpan.FromSeconds(3)));
        Assert.True(await colleague.IsSilentAsync(TimeSpan.Zero));
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "WatcherLevelChanged" &&
            e.Message.Contains("bob@elsewhere.example", StringComparison.Ordinal) && e.Message.Contains("is Blocked by AccessLevels:Blocked:0", StringComparison.Ordinal));
        Agent.AssertNoErrors();
    }

    private static string Plan(string blocked) => $$"""
        {
          "Services": [ { "Name": "Board Room", "Aliases": [ "board" ], "Phones": [ { "Number": "+4930901820" } ] } ],
          "AccessLevels": { "Blocked": [ {{blocked}} ] }
        }
        """;

    /// <summary>A UDP watcher of the board room as <paramref name="watcher"/>, its first NOTIFY taken.</summary>
    private async Task<SipTestPeer> WatchAsync(string watcher)
    {
        var peer = await Agent.PeerAsync(tcp: false);
        await peer.SendAsync(SipScript.Subscribe(peer, Board, SipScript.NewCallId(), SipScript.NewTag(), 1, from: "sip:" + watcher));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var first = await peer.ReceiveStateNotifyAsync();
        Assert.StartsWith("active", first.Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);
        Assert.Equal("Board Room", PidfBody.DisplayName(PidfBody.Parse(first)));
        return peer;
    }
}
