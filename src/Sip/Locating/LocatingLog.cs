using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// Next-hop location events, in the transport's band (ids 1000–1499; 1031 and 1060–1069 here). Names and ids are
/// stable: dashboards filter on them.
/// </summary>
internal static partial class LocatingLog
{
    [LoggerMessage(EventId = 1031, EventName = "HostUnresolved", Level = LogLevel.Debug,
        Message = "No address for {Host}: {Error}")]
    public static partial void HostUnresolved(ILogger logger, string host, string error);

    [LoggerMessage(EventId = 1060, EventName = "HostResolved", Level = LogLevel.Debug,
        Message = "{Host} resolved to {Count} targets, kept {Lifetime}: {Targets}")]
    public static partial void HostResolved(ILogger logger, string host, int count, TimeSpan lifetime, string targets);

    [LoggerMessage(EventId = 1061, EventName = "DnsServers", Level = LogLevel.Debug,
        Message = "DNS questions go to {Servers}")]
    public static partial void DnsServers(ILogger logger, string servers);

    [LoggerMessage(EventId = 1062, EventName = "ResolveFault", Level = LogLevel.Error,
        Message = "Unexpected failure resolving {Host}")]
    public static partial void ResolveFault(ILogger logger, Exception exception, string host);
}
