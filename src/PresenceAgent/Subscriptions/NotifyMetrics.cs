using System.Diagnostics;
using System.Diagnostics.Metrics;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// NOTIFYs sent, failed (by reason) and coalesced, and the delay from a presence change to the NOTIFY that carries it.
/// The counts are atomic adds read by observable instruments at scrape time; only the delay is a histogram record,
/// and only for a NOTIFY that follows a change. Nothing here allocates per NOTIFY.
/// </summary>
internal sealed class NotifyMetrics
{
    /// <summary>Bucket bounds in seconds: a change reaches a UDP watcher in well under a millisecond when nothing waits, a fan-out to 100 000 in about 2 s.</summary>
    private static readonly double[] s_delayBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly string[] s_failureReasons = ["timeout", "transport_error", "rejected", "error"];

    private readonly long[] _failed = new long[s_failureReasons.Length];
    private readonly Histogram<double>? _delay;
    private long _sent;
    private long _coalesced;

    /// <param name="meter">The host's meter (Telemetry.AgentMeter); without it the counts are kept but not published (unit tests).</param>
    public NotifyMetrics(Meter? meter = null)
    {
        if (meter is null)
        {
            return;
        }

        meter.CreateObservableCounter("notifies.sent.total", () => Interlocked.Read(ref _sent), "{notify}",
            "NOTIFY requests sent (each transaction once, whatever its retransmissions).");
        meter.CreateObservableCounter("notifies.failed.total", ObserveFailed, "{notify}",
            "NOTIFYs that got no 2xx, by reason: timeout (no answer within Timer F), transport_error, rejected (a final response of 300 or more), error (our own fault, logged).");
        meter.CreateObservableCounter("notifies.coalesced.total", () => Interlocked.Read(ref _coalesced), "{notify}",
            "States a watcher never got its own NOTIFY for: a newer state replaced it while the previous NOTIFY was still unanswered.");
        _delay = meter.CreateHistogram("notify.delay.seconds", "s",
            "From a presence change (API, PUBLISH, event sink, a grace period or override ending) to the NOTIFY carrying it being sent to one watcher.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_delayBuckets });
    }

    /// <summary>A NOTIFY for <paramref name="s"/> is being built and sent; when it follows a presence change, the delay since that change is recorded.</summary>
    public void Sending(Subscription s)
    {
        Interlocked.Increment(ref _sent);
        if (s.TakeStateChange() is var changedAt && changedAt != 0)
        {
            _delay?.Record(Stopwatch.GetElapsedTime(changedAt).TotalSeconds);
        }
    }

    /// <summary>How the NOTIFY transaction ended.</summary>
    public void Answered(ClientTransactionResult result)
    {
        var reason = result.Outcome switch
        {
            ClientTransactionOutcome.Timeout => 0,
            ClientTransactionOutcome.TransportError => 1,
            _ when result.Response is { StatusCode: >= 300 } => 2,
            _ => -1,
        };
        if (reason >= 0)
        {
            Interlocked.Increment(ref _failed[reason]);
        }
    }

    /// <summary>Building or sending the NOTIFY threw: our fault, logged by the notifier.</summary>
    public void Faulted() => Interlocked.Increment(ref _failed[3]);

    /// <summary>A new state is parked behind an outstanding NOTIFY; <paramref name="replaced"/> was parked before it and will now never be sent.</summary>
    public void Parking(SubscriptionStatus? replaced)
    {
        if (replaced is not null)
        {
            Interlocked.Increment(ref _coalesced);
        }
    }

    internal long Sent => Interlocked.Read(ref _sent);

    internal long Coalesced => Interlocked.Read(ref _coalesced);

    internal long Failed(string reason) => Interlocked.Read(ref _failed[Array.IndexOf(s_failureReasons, reason)]);

    // Every reason is exported from the start, at 0, so the first failure shows in increase().
    private IEnumerable<Measurement<long>> ObserveFailed()
    {
        for (var i = 0; i < _failed.Length; i++)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _failed[i]), new KeyValuePair<string, object?>("reason", s_failureReasons[i]));
        }
    }
}
