using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Subscriptions;
using PresenceAgent.Telemetry;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// What the notifier counts, driven through live presence and the fan-out as in the agent: NOTIFYs sent, coalesced
/// and failed, and a delay recorded per NOTIFY that follows a change; and that none of it allocates per NOTIFY.
/// </summary>
public sealed class NotifyMetricsTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeRequestSender _sender = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<double> _delays = [];
    private readonly SubscriptionTable _table;
    private readonly LivePresence _live;
    private readonly NotifyMetrics _metrics;
    private readonly PresenceFanOut _fanOut;

    public NotifyMetricsTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "notify.delay.seconds")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (_delays)
            {
                _delays.Add(value);
            }
        });
        _listener.Start();

        _table = new SubscriptionTable(_time);
        _live = new LivePresence(StateCatalogue.BuiltIn, TimeSpan.FromSeconds(150), _time, NullLogger<LivePresence>.Instance);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"),
            live: _live);
        _metrics = new NotifyMetrics(AgentMeter.From(meters));
        var notifier = new Notifier(_sender, bodies, _table, _time, NullLogger<Notifier>.Instance, new PeerLogSampler(_time), _metrics);
        _fanOut = new PresenceFanOut(_live, _table, notifier, NullLogger<PresenceFanOut>.Instance);
    }

    public Task InitializeAsync() => _fanOut.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _fanOut.StopAsync(CancellationToken.None);
        _fanOut.Dispose();
        _live.Dispose();
        _table.Dispose();
        _listener.Dispose();
        await _services.DisposeAsync();
    }

    private int Delays
    {
        get
        {
            lock (_delays)
            {
                return _delays.Count;
            }
        }
    }

    [Fact]
    public async Task A_state_replaced_while_the_watcher_has_not_answered_counts_as_coalesced_and_its_delay_runs_from_the_oldest_change()
    {
        var watcher = TestSubscriptions.Create(_time, TimeSpan.FromHours(1));
        Assert.True(_table.TryAdd(watcher, out _));

        Report(BuiltInStates.InAMeeting);
        var first = await _sender.WaitForAsync(1).Within();
        await Eventually(() => Delays == 1);

        // Two more changes while the first NOTIFY is unanswered: the first of them is parked, then replaced.
        var fullAt = System.Diagnostics.Stopwatch.GetTimestamp();
        Report(BuiltInStates.Full);
        await Eventually(() => watcher.Pending is not null);
        Report(BuiltInStates.Locked);
        await Eventually(() => _metrics.Coalesced == 1);

        // 60 ms on the clock the metric reads (a timer's delay may end a little early by it), from just before the
        // change: the metric starts from the change itself, a little later, and must still read 50 ms or more.
        while (System.Diagnostics.Stopwatch.GetElapsedTime(fullAt) < TimeSpan.FromMilliseconds(60))
        {
            await Task.Delay(10);
        }

        first.Answer(200);
        var next = await _sender.WaitForAsync(2).Within();
        Assert.Contains(">Locked<", System.Text.Encoding.UTF8.GetString(next.Request.Body.Span), StringComparison.Ordinal);
        await Eventually(() => Delays == 2);
        lock (_delays)
        {
            // Measured from the Full change, the oldest one the NOTIFY brought the watcher past, 50 ms or more before.
            Assert.InRange(_delays[1], 0.05, 30);
        }

        next.Answer(480);
        await Eventually(() => _metrics.Failed("rejected") == 1);
        Assert.Equal(2, _metrics.Sent);
        Assert.Equal(0, _metrics.Failed("timeout"));
    }

    [Fact]
    public void Outcomes_are_counted_by_reason()
    {
        _metrics.Answered(ClientTransactionResult.Timeout);
        _metrics.Answered(ClientTransactionResult.TransportError);
        _metrics.Answered(ClientTransactionResult.TransportError);
        _metrics.Answered(ClientTransactionResult.FromResponse(new SipResponse(200)));
        _metrics.Answered(ClientTransactionResult.FromResponse(new SipResponse(503)));
        _metrics.Faulted();

        Assert.Equal(1, _metrics.Failed("timeout"));
        Assert.Equal(2, _metrics.Failed("transport_error"));
        Assert.Equal(1, _metrics.Failed("rejected"));
        Assert.Equal(1, _metrics.Failed("error"));
    }

    [Fact]
    public void Counting_a_notify_allocates_nothing_with_prometheus_listening()
    {
        // The test's own listener keeps every delay in a list, which grows: only prometheus-net's listens here.
        _listener.Dispose();
        using var export = new PrometheusExport(_services.GetRequiredService<IMeterFactory>());
        var watcher = TestSubscriptions.Create(_time, TimeSpan.FromHours(1));
        var ok = ClientTransactionResult.FromResponse(new SipResponse(200));
        var refused = ClientTransactionResult.FromResponse(new SipResponse(481));
        SubscriptionStatus? parked = SubscriptionStatus.Active;

        void OneNotify()
        {
            watcher.StateChanged(System.Diagnostics.Stopwatch.GetTimestamp());
            _metrics.Parking(parked);
            _metrics.Sending(watcher);
            _metrics.Answered(ok);
            _metrics.Answered(refused);
        }

        // The first measurements create the exported series; after that a NOTIFY costs no allocation.
        for (var i = 0; i < 100; i++)
        {
            OneNotify();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            OneNotify();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private void Report(string state) =>
        _live.Report(TestSubscriptions.AliceRoom, PresenceSource.Occupancy, TestStates.Resolve(state), null, state);

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
