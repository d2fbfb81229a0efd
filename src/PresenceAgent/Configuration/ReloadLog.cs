namespace PresenceAgent.Configuration;

/// <summary>
/// Configuration reload events, band 6100–6199 (the start-and-stop area). Ids and names reach dashboards and alert
/// rules: never renumber or rename one; add new ids instead.
/// </summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 6100, EventName = "ConfigurationReloaded", Level = LogLevel.Information,
        Message = "Configuration reloaded ({Trigger}): services added [{Added}], removed [{Removed}], changed [{Changed}]; routing rules {Rules}, presence states {States}; {Notified} subscription(s) notified, {Terminated} ended with noresource")]
    public static partial void Reloaded(this ILogger logger, string trigger, string added, string removed, string changed, string rules, string states,
        int notified, int terminated);

    [LoggerMessage(EventId = 6101, EventName = "ConfigurationUnchanged", Level = LogLevel.Information,
        Message = "Configuration read again ({Trigger}): nothing that applies without a restart changed")]
    public static partial void Unchanged(this ILogger logger, string trigger);

    [LoggerMessage(EventId = 6102, EventName = "ConfigurationReloadRejected", Level = LogLevel.Warning,
        Message = "Configuration change not applied ({Trigger}): {Count} error(s); the running configuration stays. Fix each and save again:{Errors}")]
    public static partial void Rejected(this ILogger logger, string trigger, int count, string errors);

    [LoggerMessage(EventId = 6103, EventName = "ConfigurationRestartRequired", Level = LogLevel.Warning,
        Message = "Changed settings that take effect only when the agent restarts (the rest applies now): {Keys}")]
    public static partial void RestartRequired(this ILogger logger, string keys);

    [LoggerMessage(EventId = 6104, EventName = "ConfigurationReloadFaulted", Level = LogLevel.Error,
        Message = "Applying a valid configuration change ({Trigger}) failed on a fault of the agent's own; some watchers may not have been told. Please report it with this log")]
    public static partial void Faulted(this ILogger logger, string trigger, Exception exception);

    [LoggerMessage(EventId = 6105, EventName = "ConfigurationWatchUnavailable", Level = LogLevel.Warning,
        Message = "Cannot watch {Folder} for configuration changes ({Reason}); changes there are seen by a look every {Seconds} s")]
    public static partial void WatchUnavailable(this ILogger logger, string folder, string reason, int seconds);

    [LoggerMessage(EventId = 6106, EventName = "ConfigurationWatchFailed", Level = LogLevel.Warning,
        Message = "Change notifications for {Folder} were lost; looking at the configuration files now, and every {Seconds} s in any case")]
    public static partial void WatchFailed(this ILogger logger, string folder, int seconds, Exception exception);

    [LoggerMessage(EventId = 6107, EventName = "ReloadSignalUnavailable", Level = LogLevel.Warning,
        Message = "SIGHUP cannot be handled here ({Reason}); reload with POST /admin/reload or by saving a configuration file")]
    public static partial void SignalUnavailable(this ILogger logger, string reason);
}
