using System.Diagnostics.Metrics;
using PresenceAgent.Directory;
using PresenceAgent.Presence.Occupancy.EventSink;
using PresenceAgent.Reload;
using PresenceAgent.RoutingRules;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Telemetry;

/// <summary>Creates the host's observable instruments once its services exist; the stack and the notifier create theirs as they are built.</summary>
internal static class AgentInstruments
{
    public static void Publish(IServiceProvider services)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        SubscriptionInstruments.Publish(meters, services.GetRequiredService<SubscriptionTable>());
        EventSinkInstruments.Publish(meters, services.GetRequiredService<EventSinkCounters>());
        var running = services.GetRequiredService<RunningConfiguration>();
        RoutingRuleMetrics.Publish(meters, () => running.Current.Rules);
        ReloadInstruments.Publish(meters, services.GetRequiredService<ReloadReports>());
    }
}
