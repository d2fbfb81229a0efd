using System.Diagnostics.Metrics;

namespace PresenceAgent.Telemetry;

/// <summary>
/// The host's meter, <c>PresenceAgent</c> (exported as the prefix <c>presenceagent_</c>), from the host's
/// <see cref="IMeterFactory"/>: one per host, so two agents in one process (the tests) count apart, and the factory
/// hands every caller asking by this name the same meter.
/// </summary>
internal static class AgentMeter
{
    public const string Name = "PresenceAgent";

    public static Meter From(IMeterFactory factory) => factory.Create(new MeterOptions(Name));
}
