using System.Net;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// The first NOTIFY of a new UDP subscription whose state does not fit the watcher's anti-amplification budget: a
/// body-less probe first, the state once it is answered, nothing more when it is not.
/// </summary>
public sealed class NotifierProbeTests
{
    private static readonly SipFlow UdpFlow = new(TransportProtocol.Udp,
        new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5060), new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50123));

    private static readonly SipFlow TcpFlow = UdpFlow with { Protocol = TransportProtocol.Tcp };

    private readonly ManualTimeProvider _time = new();
    private readonly FakeRequestSender _sender = new() { FitsUdp = r => r.Body.IsEmpty };
    private readonly SubscriptionTable _table;
    private readonly Notifier _notifier;

    public NotifierProbeTests()
    {
        _table = new SubscriptionTable(_time);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"));
        var logs = new CollectingLoggerProvider();
        _notifier = new Notifier(_sender, bodies, _table, _time, logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
    }

    private Subscription Live(SipFlow flow)
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromSeconds(3600), flow: flow);
        Assert.True(_table.TryAdd(s, out _));
        return s;
    }

    [Fact]
    public async Task The_state_follows_an_answered_probe_and_a_newer_state_follows_it()
    {
        var s = Live(UdpFlow);

        _notifier.Notify(s, SubscriptionStatus.Active, initial: true);
        var probe = await _sender.WaitForAsync(1).Within();
        Assert.True(probe.Request.Body.IsEmpty);
        Assert.Null(probe.Header(HeaderKind.ContentType));
        Assert.Equal("active;expires=3600", probe.Header(HeaderKind.SubscriptionState));
        _notifier.Notify(s, SubscriptionStatus.Active);
        probe.Answer(200);

        var state = await _sender.WaitForAsync(2).Within();
        Assert.Equal("application/pidf+xml", state.Header(HeaderKind.ContentType));
        Assert.False(state.Request.Body.IsEmpty);
        state.Answer(200);
        (await _sender.WaitForAsync(3).Within()).Answer(200);
        await _notifier.DrainAsync(CancellationToken.None).Within();
        Assert.Equal(3, _sender.Sent.Count);
    }

    [Fact]
    public async Task A_fetch_is_probed_as_pending_and_its_final_notify_carries_the_state()
    {
        var s = Live(UdpFlow);

        _notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.Timeout), initial: true);
        var probe = await _sender.WaitForAsync(1).Within();
        Assert.True(probe.Request.Body.IsEmpty);
        Assert.Equal("pending", probe.Header(HeaderKind.SubscriptionState));
        probe.Answer(200);

        var final = await _sender.WaitForAsync(2).Within();
        Assert.Equal("terminated;reason=timeout", final.Header(HeaderKind.SubscriptionState));
        Assert.Equal("application/pidf+xml", final.Header(HeaderKind.ContentType));
        Assert.False(final.Request.Body.IsEmpty);
        final.Answer(200);
        await _notifier.DrainAsync(CancellationToken.None).Within();
        Assert.Equal(2, _sender.Sent.Count);
    }

    [Fact]
    public async Task An_unanswered_fetch_probe_is_all_a_forged_source_gets()
    {
        var s = Live(UdpFlow);

        _notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.Timeout), initial: true);
        var probe = await _sender.WaitForAsync(1).Within();
        probe.Complete(ClientTransactionResult.Timeout);
        await _notifier.DrainAsync(CancellationToken.None).Within();

        Assert.Single(_sender.Sent);
        Assert.True(probe.Request.Body.IsEmpty);
    }

    [Fact]
    public async Task A_termination_queued_during_the_probe_replaces_the_state()
    {
        var s = Live(UdpFlow);

        _notifier.Notify(s, SubscriptionStatus.Active, initial: true);
        var probe = await _sender.WaitForAsync(1).Within();
        _notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.Deactivated));
        probe.Answer(200);

        var last = await _sender.WaitForAsync(2).Within();
        Assert.Equal("terminated;reason=deactivated", last.Header(HeaderKind.SubscriptionState));
        last.Answer(200);
        await _notifier.DrainAsync(CancellationToken.None).Within();
        Assert.Equal(2, _sender.Sent.Count);
    }

    [Fact]
    public async Task An_unanswered_probe_ends_the_subscription_without_the_state()
    {
        var s = Live(UdpFlow);

        _notifier.Notify(s, SubscriptionStatus.Active, initial: true);
        (await _sender.WaitForAsync(1).Within()).Complete(ClientTransactionResult.Timeout);

        await _notifier.DrainAsync(CancellationToken.None).Within();
        Assert.True(Assert.Single(_sender.Sent).Request.Body.IsEmpty);
        Assert.Equal(0, _table.Count);
    }

    [Fact]
    public async Task Tcp_refreshes_and_states_that_fit_go_whole_at_once()
    {
        foreach (var (flow, initial) in new[] { (TcpFlow, true), (UdpFlow, false) })
        {
            _notifier.Notify(Live(flow), SubscriptionStatus.Active, initial);
        }

        _sender.FitsUdp = _ => true;
        _notifier.Notify(Live(UdpFlow), SubscriptionStatus.Active, initial: true);

        for (var i = 1; i <= 3; i++)
        {
            var sent = await _sender.WaitForAsync(i).Within();
            Assert.False(sent.Request.Body.IsEmpty);
            sent.Answer(200);
        }

        await _notifier.DrainAsync(CancellationToken.None).Within();
        Assert.Equal(3, _sender.Sent.Count);
    }
}
