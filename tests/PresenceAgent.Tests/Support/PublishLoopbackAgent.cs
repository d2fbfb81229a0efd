using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Publications;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Tests.Support;

/// <summary>
/// The PUBLISH handler behind a real SIP stack on a loopback TCP port, wired as the host wires it, with live presence
/// on the system clock: the public path from a PUBLISH on the wire to what a contact shows. Logs at Debug and above
/// are kept.
/// </summary>
internal sealed class PublishLoopbackAgent : IAsyncDisposable
{
    public const string Domain = "vc.test";

    /// <summary>The publisher every test has: the loopback address the harness connects from unless told otherwise.</summary>
    public static readonly IPAddress Publisher = IPAddress.Parse("127.0.0.1");

    private readonly SipStack _stack;
    private readonly ILoggerFactory _loggers;

    private PublishLoopbackAgent(SipStack stack, PublicationStore store, LivePresence live, ContactDirectory directory, ILoggerFactory loggers,
        CollectingLoggerProvider logs)
    {
        _stack = stack;
        Store = store;
        Live = live;
        Directory = directory;
        _loggers = loggers;
        Logs = logs;
    }

    public PublicationStore Store { get; }

    public LivePresence Live { get; }

    public ContactDirectory Directory { get; }

    public CollectingLoggerProvider Logs { get; }

    /// <summary>Serves room1 and townhall in <see cref="Domain"/>, a gateway rule for numbers, and takes PUBLISH from 127.0.0.1 only.</summary>
    public static async Task<PublishLoopbackAgent> StartAsync(PublicationOptions? options = null)
    {
        options ??= new PublicationOptions();
        options = options with { Publishers = [new PublisherOptions { Name = "loopback-nodes", Networks = ["127.0.0.1"] }] };
        var logs = new CollectingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var time = TimeProvider.System;
        var rules = RoutingRuleSet.CreateOrThrow([new RoutingRule { Name = "pstn", Match = @"\+?([0-9]{6,15})@vc\.test", Replace = @"\1@pstn.test" }]);
        var directory = new ContactDirectory(
            [new ServiceOptions { Name = "Room 1", Aliases = ["room1"] }, new ServiceOptions { Name = "Town Hall", Aliases = ["townhall@" + Domain] }],
            rules, time.GetUtcNow());
        var live = new LivePresence(StateCatalogue.BuiltIn, TimeSpan.FromSeconds(150), time, loggers.CreateLogger<LivePresence>());
        var store = new PublicationStore(live, options, time, loggers.CreateLogger<PublicationStore>());
        var handler = new PublishHandler(new Publishers(options.Publishers), TestConfigurations.Running(directory, [Domain]), store,
            new PidfMapping(() => StateCatalogue.BuiltIn, options.MaxNoteLength),
            options, loggers.CreateLogger<PublishHandler>(), new PeerLogSampler(time),
            new RequestAuthentication(new AuthenticationOptions(), new SipStackOptions(), time, loggers));
        var stack = new SipStack(new SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Tcp, Address = "127.0.0.1", Port = 0 }],
            Domains = [Domain],

            // Floods here test our bounds; the stack's per-source rate limit has tests of its own.
            RateLimits = new SipRateLimitOptions { PerSecond = 1_000_000, Burst = 10_000_000 },
        }, time, loggers);
        await stack.StartAsync([handler], CancellationToken.None);
        return new PublishLoopbackAgent(stack, store, live, directory, loggers, logs);
    }

    /// <summary>A connection from <paramref name="from"/> (another loopback address is another source), else from the publisher.</summary>
    public Task<SipTcpWatcher> ConnectAsync(IPAddress? from = null) => SipTcpWatcher.ConnectAsync(_stack.LocalEndPoints[0].EndPoint, from ?? Publisher);

    /// <summary>What the service <paramref name="alias"/> shows now.</summary>
    public ShownPresence Shown(string alias) => Live.Current(Directory.Resolve(PublishRequests.Uri(alias))!);

    public async ValueTask DisposeAsync()
    {
        await _stack.DisposeAsync();
        Store.Dispose();
        Live.Dispose();
        _loggers.Dispose();
    }
}
