using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// The notifier against a sender whose transactions the test finishes, in the order it chooses. Each test fails on an
/// Error log it did not ask for.
/// </summary>
public sealed class NotifierTests : IDisposable
{
    private static readonly XNamespace Pidf = "urn:ietf:params:xml:ns:pidf";
    private static readonly XNamespace Cipid = "urn:ietf:params:xml:ns:pidf:cipid";

    private static readonly SipFlow TcpFlow = new(TransportProtocol.Tcp,
        new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5060), new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50123));

    private readonly ManualTimeProvider _time = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly FakeRequestSender _sender = new();
    private readonly SubscriptionTable _table;
    private readonly Notifier _notifier;
    private bool _errorsExpected;

    public NotifierTests()
    {
        _table = new SubscriptionTable(_time);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"));
        _notifier = new Notifier(_sender, bodies, _table, _time, _logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
    }

    public void Dispose()
    {
        if (!_errorsExpected)
        {
            Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
        }
    }

    private Subscription Live(string eventHeader = "presence", SipFlow? flow = null, int expiresIn = 3600)
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromSeconds(expiresIn), eventHeader, flow);
        Assert.True(_table.TryAdd(s, out _));
        return s;
    }

    private Task Drained() => _notifier.DrainAsync(CancellationToken.None).Within();

    private static uint CSeqOf(SentRequest sent) => sent.Request.CSeq!.Value.Number;

    [Fact]
    public void First_notify_echoes_the_event_and_carries_the_remaining_time_contact_and_pidf()
    {
        var s = Live(eventHeader: "presence;id=7", flow: TcpFlow);
        _time.AdvanceSeconds(100);

        _notifier.Notify(s, SubscriptionStatus.Active);

        var notify = Assert.Single(_sender.Sent);
        var request = notify.Request;
        Assert.Equal(SipMethods.Notify, request.Method);
        Assert.Equal("sip:watcher@192.0.2.10:5070;transport=tcp", request.RequestUri.ToString());
        Assert.Equal("presence;id=7", notify.Header(HeaderKind.Event));
        Assert.Equal("active;expires=3500", notify.Header(HeaderKind.SubscriptionState));
        Assert.Equal(FakeRequestSender.TcpContact, notify.Header(HeaderKind.Contact));
        Assert.Equal("application/pidf+xml", notify.Header(HeaderKind.ContentType));
        Assert.Equal(SubscribeRequests.WatcherFrom, notify.Header(HeaderKind.To));
        Assert.Equal(s.Dialog.CallId, request.CallId);
        Assert.Equal(TcpFlow, notify.Flow);

        var pidf = SafeXml.Parse(request.Body.ToArray()).Root!;
        Assert.Equal(Pidf + "presence", pidf.Name);
        Assert.Equal("sip:meet.alice@vc.example.com", (string?)pidf.Attribute("entity"));
        Assert.Equal("Alice's Meeting Room", pidf.Descendants(Cipid + "display-name").Single().Value);
        Assert.Equal("http://presence.example.com/avatars/boardroom.jpg", pidf.Descendants(Cipid + "icon").Single().Value);
    }

    [Fact]
    public async Task Expires_is_the_time_left_rounded_down_and_never_negative()
    {
        var s = Live(expiresIn: 60);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        _notifier.Notify(s, SubscriptionStatus.Active);
        _sender.Sent[0].Answer(200);
        Assert.Equal("active;expires=59", _sender.Sent[0].Header(HeaderKind.SubscriptionState));

        s.ExpiresAtTicks = _time.GetUtcNow().UtcTicks - TimeSpan.TicksPerSecond;
        _notifier.Notify(s, SubscriptionStatus.Active);
        var second = await _sender.WaitForAsync(2).Within();
        Assert.Equal("active;expires=0", second.Header(HeaderKind.SubscriptionState));
    }

    [Fact]
    public void Without_a_flow_the_notify_uses_the_default_contact_and_no_preferred_flow()
    {
        _notifier.Notify(Live(), SubscriptionStatus.Active);

        var notify = Assert.Single(_sender.Sent);
        Assert.Equal(FakeRequestSender.UdpContact, notify.Header(HeaderKind.Contact));
        Assert.Null(notify.Flow);
    }

    [Fact]
    public async Task While_a_notify_is_in_flight_newer_states_replace_older_and_only_the_newest_is_sent()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);
        var first = Assert.Single(_sender.Sent);

        _notifier.Notify(s, SubscriptionStatus.Active);
        _notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.Deactivated));
        Assert.Single(_sender.Sent);

        first.Answer(200);
        var second = await _sender.WaitForAsync(2).Within();
        second.Answer(200);
        await Drained();

        Assert.Equal(2, _sender.Sent.Count);
        Assert.Equal("terminated;reason=deactivated", second.Header(HeaderKind.SubscriptionState));
        Assert.Equal(CSeqOf(first) + 1, CSeqOf(second));
    }

    [Fact]
    public async Task Two_updates_during_a_notify_cost_one_more_notify()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);
        _notifier.Notify(s, SubscriptionStatus.Active);
        _notifier.Notify(s, SubscriptionStatus.Active);

        _sender.Sent[0].Answer(200);
        (await _sender.WaitForAsync(2).Within()).Answer(200);
        await Drained();

        Assert.Equal(2, _sender.Sent.Count);
        Assert.Equal(1, _table.Count);
    }

    [Fact]
    public async Task After_a_notify_finishes_the_next_update_is_sent_at_once()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);
        _sender.Sent[0].Answer(200);
        await Drained();

        _notifier.Notify(s, SubscriptionStatus.Active);

        Assert.Equal(2, _sender.Sent.Count);
    }

    [Theory]
    [InlineData(nameof(TerminationReason.Timeout), "terminated;reason=timeout")]
    [InlineData(nameof(TerminationReason.Deactivated), "terminated;reason=deactivated")]
    [InlineData(nameof(TerminationReason.NoResource), "terminated;reason=noresource")]
    public async Task Terminated_removes_from_the_table_at_once_and_nothing_is_sent_after_it(string reasonName, string state)
    {
        var reason = Enum.Parse<TerminationReason>(reasonName);
        var s = Live();

        _notifier.Notify(s, SubscriptionStatus.Terminated(reason));

        Assert.Equal(0, _table.Count);
        Assert.True(s.Ended);
        var notify = Assert.Single(_sender.Sent);
        Assert.Equal(state, notify.Header(HeaderKind.SubscriptionState));

        notify.Answer(200);
        await Drained();
        _notifier.Notify(s, SubscriptionStatus.Active);
        _notifier.Notify(s, SubscriptionStatus.Terminated(reason));
        await Drained();
        Assert.Single(_sender.Sent);
    }

    [Fact]
    public async Task A_terminated_queued_behind_a_notify_is_sent_after_it_and_leaves_the_table_at_once()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);

        _notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.Timeout));
        Assert.Equal(0, _table.Count);

        _sender.Sent[0].Answer(200);
        var last = await _sender.WaitForAsync(2).Within();
        Assert.Equal("terminated;reason=timeout", last.Header(HeaderKind.SubscriptionState));
    }

    public static TheoryData<int> EndingCodes => [404, 405, 408, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604];

    [Theory]
    [MemberData(nameof(EndingCodes))]
    public async Task A_notify_refused_with_an_ending_code_ends_the_subscription(int status)
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);

        _sender.Sent[0].Answer(status);
        await Drained();

        Assert.True(s.Ended);
        Assert.Equal(0, _table.Count);
        var log = Assert.Single(_logs.Entries, e => e.EventId.Id == 3001);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), log.Message, StringComparison.Ordinal);

        _notifier.Notify(s, SubscriptionStatus.Active);
        Assert.Single(_sender.Sent);
    }

    [Theory]
    [InlineData(ClientTransactionOutcome.Timeout)]
    [InlineData(ClientTransactionOutcome.TransportError)]
    public async Task A_notify_that_times_out_or_cannot_be_sent_ends_the_subscription(ClientTransactionOutcome outcome)
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);

        _sender.Sent[0].Complete(new ClientTransactionResult(outcome, null));
        await Drained();

        Assert.True(s.Ended);
        Assert.Equal(0, _table.Count);
        var log = Assert.Single(_logs.Entries, e => e.EventId.Id == 3002);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Contains(outcome.ToString(), log.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(401)]
    [InlineData(486)]
    [InlineData(302)]
    public async Task Other_failures_keep_the_subscription(int status)
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);

        _sender.Sent[0].Answer(status);
        await Drained();

        Assert.False(s.Ended);
        Assert.Equal(1, _table.Count);
        Assert.Equal(LogLevel.Debug, Assert.Single(_logs.Entries, e => e.EventId.Id == 3007).Level);

        _notifier.Notify(s, SubscriptionStatus.Active);
        Assert.Equal(2, _sender.Sent.Count);
    }

    [Fact]
    public async Task A_kept_failure_still_sends_the_state_queued_behind_it()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);
        _notifier.Notify(s, SubscriptionStatus.Active);

        _sender.Sent[0].Answer(500);
        var second = await _sender.WaitForAsync(2).Within();

        Assert.Equal(CSeqOf(_sender.Sent[0]) + 1, CSeqOf(second));
    }

    [Fact]
    public async Task A_state_queued_behind_a_notify_that_ends_the_subscription_is_dropped()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);
        _notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.Deactivated));

        _sender.Sent[0].Answer(481);
        await Drained();

        Assert.Single(_sender.Sent);
        Assert.Null(s.Pending);
    }

    [Fact]
    public async Task A_refused_final_notify_logs_no_second_ending()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Terminated(TerminationReason.Timeout));

        _sender.Sent[0].Answer(481);
        await Drained();

        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id is 3001 or 3002);
    }

    [Fact]
    public async Task DrainAsync_completes_when_no_notify_is_in_flight()
    {
        var idle = _notifier.DrainAsync(CancellationToken.None);
        Assert.True(idle.IsCompletedSuccessfully);

        var a = Live();
        var b = Live();
        _notifier.Notify(a, SubscriptionStatus.Active);
        _notifier.Notify(b, SubscriptionStatus.Active);
        _notifier.Notify(b, SubscriptionStatus.Terminated(TerminationReason.Deactivated));
        Assert.Equal(2, _notifier.InFlight);

        var drain = _notifier.DrainAsync(CancellationToken.None);
        _sender.Sent[0].Answer(200);
        _sender.Sent[1].Answer(200);
        var queued = await _sender.WaitForAsync(3).Within();
        Assert.False(drain.IsCompleted); // b's queued terminated NOTIFY is still out

        queued.Answer(200);
        await drain.Within();
        Assert.Equal(0, _notifier.InFlight);
    }

    [Fact]
    public async Task DrainAsync_gives_up_when_its_token_fires()
    {
        _notifier.Notify(Live(), SubscriptionStatus.Active);
        using var cts = new CancellationTokenSource();

        var drain = _notifier.DrainAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain.Within());
        Assert.Equal(1, _notifier.InFlight);
    }

    [Fact]
    public async Task Abandoned_notifies_that_the_stacks_stop_ends_end_their_subscriptions_quietly()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);

        _notifier.Abandon();
        _sender.Sent[0].Complete(ClientTransactionResult.TransportError); // what the stack's stop does to it
        await Drained();

        Assert.True(s.Ended);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Information);
    }

    [Fact]
    public async Task An_exception_in_the_sender_ends_only_that_subscription_and_is_logged_as_an_error()
    {
        _errorsExpected = true;
        var broken = Live();
        var healthy = Live();
        var bug = new InvalidOperationException("sender bug");
        _sender.Fault = r => r.CallId == broken.Dialog.CallId ? bug : null;

        _notifier.Notify(broken, SubscriptionStatus.Active);
        _notifier.Notify(healthy, SubscriptionStatus.Active);
        _sender.Sent[0].Answer(200);
        await Drained();

        Assert.True(broken.Ended);
        Assert.False(healthy.Ended);
        Assert.True(_table.TryGet(healthy.Dialog.Id, out _));
        Assert.False(_table.TryGet(broken.Dialog.Id, out _));
        var error = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(3004, error.EventId.Id);
        Assert.Same(bug, error.Exception);

        _notifier.Notify(healthy, SubscriptionStatus.Active);
        Assert.Equal(2, _sender.Sent.Count);
    }

    [Fact]
    public async Task A_faulted_send_task_is_handled_like_a_throwing_sender()
    {
        _errorsExpected = true;
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);

        _sender.Sent[0].Fail(new IOException("socket gone wrong"));
        await Drained();

        Assert.True(s.Ended);
        Assert.Equal(0, _table.Count);
        Assert.Equal(3004, Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error).EventId.Id);
    }
}
