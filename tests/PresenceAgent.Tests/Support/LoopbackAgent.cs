using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Support;

/// <summary>
/// The SUBSCRIBE handler behind a real SIP stack on a loopback TCP port, wired as the host wires it, with NOTIFYs
/// answered in-process: the public path from a SUBSCRIBE on the wire to the bodies its NOTIFYs carry. Logs below
/// Warning are not kept, so very many requests cost no memory here.
/// </summary>
internal sealed class LoopbackAgent : IAsyncDisposable
{
    public const string AvatarBase = "http://presence.example.com/avatars/";

    private readonly SipStack _stack;
    private readonly SubscribeHandler _handler;
    private readonly ILoggerFactory _loggers;

    private readonly IReadOnlyList<string> _domains;

    private LoopbackAgent(SipStack stack, SubscribeHandler handler, SubscriptionTable table, PresenceBodies bodies,
        AnsweringRequestSender notifies, ILoggerFactory loggers, CollectingLoggerProvider logs, RunningConfiguration running,
        IReadOnlyList<string> domains)
    {
        _stack = stack;
        Running = running;
        _domains = domains;
        _handler = handler;
        Subscriptions = table;
        Bodies = bodies;
        Notifies = notifies;
        _loggers = loggers;
        Logs = logs;
    }

    /// <summary>The configuration in force.</summary>
    public RunningConfiguration Running { get; }

    /// <summary>Puts a configuration with <paramref name="services"/> in force, as a reload does (no subscription follows).</summary>
    public void Reload(IEnumerable<ServiceOptions> services) =>
        Running.Swap(TestConfigurations.Snapshot(new ContactDirectory(services, RoutingRuleSet.CreateOrThrow([]), TimeProvider.System.GetUtcNow()), _domains));

    /// <summary>The live subscriptions.</summary>
    public SubscriptionTable Subscriptions { get; }

    public PresenceBodies Bodies { get; }

    /// <summary>Every NOTIFY the agent sent, answered 200.</summary>
    public AnsweringRequestSender Notifies { get; }

    public CollectingLoggerProvider Logs { get; }

    /// <param name="services">The services it answers for.</param>
    /// <param name="domains">Sip:Domains.</param>
    /// <param name="options">Subscriptions:* (defaults when null).</param>
    /// <param name="authentication">Authentication:* (off when null).</param>
    /// <param name="trustedNetworks">Sip:TrustedPeers:Networks.</param>
    /// <param name="access">AccessLevels (none when null: served domains Company, everyone else Public).</param>
    public static async Task<LoopbackAgent> StartAsync(IEnumerable<ServiceOptions> services, IReadOnlyList<string> domains,
        SubscriptionOptions? options = null, AuthenticationOptions? authentication = null, IReadOnlyList<string>? trustedNetworks = null,
        PresenceAgent.Access.AccessLevelOptions? access = null)
    {
        var logs = new CollectingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(logs));
        var time = TimeProvider.System;
        var sampler = new PeerLogSampler(time);
        options ??= new SubscriptionOptions();
        var contacts = new ContactDirectory(services, RoutingRuleSet.CreateOrThrow([]), time.GetUtcNow());
        var sender = new AnsweringRequestSender();
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"{AvatarBase}{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"));
        var table = new SubscriptionTable(time, options, loggers.CreateLogger<SubscriptionTable>(), sampler);
        var notifier = new Notifier(sender, bodies, table, time, loggers.CreateLogger<Notifier>(), sampler);
        var sip = new SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Tcp, Address = "127.0.0.1", Port = 0 }],
            Domains = domains,
            TrustedPeers = new SipTrustedPeersOptions { Networks = trustedNetworks ?? [] },

            // Tests send thousands of requests from one loopback address; the stack's per-source limits have tests of their own.
            RateLimits = new SipRateLimitOptions { PerSecond = 1_000_000, Burst = 10_000_000 },
        };
        var running = TestConfigurations.Running(contacts, domains, access: access);
        var handler = new SubscribeHandler(running, table, notifier, sender, options, time,
            loggers.CreateLogger<SubscribeHandler>(), sampler,
            new RequestAuthentication(authentication ?? new AuthenticationOptions(), sip, time, loggers));
        var stack = new SipStack(sip, time, loggers);
        await stack.StartAsync([handler], CancellationToken.None);
        return new LoopbackAgent(stack, handler, table, bodies, sender, loggers, logs, running, domains);
    }

    /// <summary>A watcher connection, from <paramref name="from"/> (another loopback address is another source) or any.</summary>
    public Task<SipTcpWatcher> ConnectAsync(IPAddress? from = null) => SipTcpWatcher.ConnectAsync(_stack.LocalEndPoints[0].EndPoint, from);

    public async ValueTask DisposeAsync()
    {
        await _stack.DisposeAsync();
        _handler.Dispose();
        Subscriptions.Dispose();
        _loggers.Dispose();
    }
}
