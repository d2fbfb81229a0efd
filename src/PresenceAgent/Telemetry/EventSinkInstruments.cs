using System.Diagnostics.Metrics;
using PresenceAgent.Presence.Occupancy.EventSink;

namespace PresenceAgent.Telemetry;

/// <summary>The event sink's counters (<see cref="EventSinkCounters"/>), read when a scrape asks.</summary>
internal static class EventSinkInstruments
{
    public static void Publish(IMeterFactory meters, EventSinkCounters counters)
    {
        var meter = AgentMeter.From(meters);
        meter.CreateObservableCounter("eventsink.events.total", () => Applied(counters), "{event}",
            "Pexip Infinity event sink events applied, by type (conference_started, participant_connected, …).");
        meter.CreateObservableCounter("eventsink.ignored.total", () => Ignored(counters), "{event}",
            "Event sink posts that changed nothing, by reason: rejected (credentials, size or body; answered 4xx), queue_full (answered 503, sent again by the platform), over_limit, unserved (no service has that conference), duplicate.");
        meter.CreateObservableCounter("eventsink.resets.total", () => counters.Snapshot().Resets, "{reset}",
            "Times a node's view was forgotten: its sink started again, or its sequence had a gap.");
    }

    private static IEnumerable<Measurement<long>> Applied(EventSinkCounters counters) =>
        counters.Snapshot().Applied.Select(static p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("type", p.Key)));

    private static IEnumerable<Measurement<long>> Ignored(EventSinkCounters counters)
    {
        var now = counters.Snapshot();
        return
        [
            Reason(now.Rejected, "rejected"),
            Reason(now.QueueFull, "queue_full"),
            Reason(now.OverLimit, "over_limit"),
            Reason(now.Unserved, "unserved"),
            Reason(now.Duplicates, "duplicate"),
        ];
    }

    private static Measurement<long> Reason(long value, string reason) => new(value, new KeyValuePair<string, object?>("reason", reason));
}
