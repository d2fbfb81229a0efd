using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Hosting;
using PresenceAgent.Logging;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Support;

/// <summary>
/// The SUBSCRIBE handler behind a real SIP stack on a loopback UDP port with the default limits, its NOTIFYs sent over
/// the wire as the host sends them (unlike <see cref="LoopbackAgent"/>, which answers them in-process). T1 is short, so
/// an unanswered NOTIFY times out (64·T1) within a test.
/// </summary>
internal sealed class UdpLoopbackAgent : IAsyncDisposable
{
    private readonly SipStack _stack;
    private readonly SubscribeHandler _handler;
    private readonly ILoggerFactory _loggers;

    private UdpLoopbackAgent(SipStack stack, SubscribeHandler handler, SubscriptionTable table, ILoggerFactory loggers)
    {
        _stack = stack;
        _handler = handler;
        Subscriptions = table;
        _loggers = loggers;
    }

    public SubscriptionTable Subscriptions { get; }

    public IPEndPoint EndPoint => _stack.LocalEndPoints[0].EndPoint;

    public static async Task<UdpLoopbackAgent> StartAsync(IEnumerable<ServiceOptions> services, IReadOnlyList<string> domains)
    {
        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        var time = TimeProvider.System;
        var sampler = new PeerLogSampler(time);
        var options = new SubscriptionOptions();
        var contacts = new ContactDirectory(services, RoutingRuleSet.CreateOrThrow([]), time.GetUtcNow());
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"{LoopbackAgent.AvatarBase}{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"));
        var table = new SubscriptionTable(time, options, loggers.CreateLogger<SubscriptionTable>(), sampler);
        var stack = new SipStack(new SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Udp, Address = "127.0.0.1", Port = 0 }],
            Domains = domains,
            Timers = new SipTimerOptions { T1 = TimeSpan.FromMilliseconds(50), T2 = TimeSpan.FromMilliseconds(400) },
        }, time, loggers);
        var sender = new StackRequestSender(stack);
        var notifier = new Notifier(sender, bodies, table, time, loggers.CreateLogger<Notifier>(), sampler);
        var handler = new SubscribeHandler(TestConfigurations.Running(contacts, domains), table, notifier, sender, options, time,
            loggers.CreateLogger<SubscribeHandler>(), sampler,
            new RequestAuthentication(new AuthenticationOptions(), new SipStackOptions(), time, loggers));
        await stack.StartAsync([handler], CancellationToken.None);
        return new UdpLoopbackAgent(stack, handler, table, loggers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stack.DisposeAsync();
        _handler.Dispose();
        Subscriptions.Dispose();
        _loggers.Dispose();
    }
}
